package dev.sallyport.siem;

import dev.sallyport.config.SiemSinkSettings;
import dev.sallyport.model.TenantId;
import dev.sallyport.siem.SiemExporter.Pacing;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every configured sink's exporter, started together and closed together: what the server wires.
 *
 * <p>Binds, per sink, {@code sallyport.siem.lag} (entries not yet delivered), {@code
 * sallyport.siem.delivered} and {@code sallyport.siem.failures} (counters) and {@code
 * sallyport.siem.healthy} (1 while the last round succeeded) to a meter registry.
 */
public final class SiemExporters implements AutoCloseable, MeterBinder {
  /** How long closing waits for pending entries to go out before it abandons them. */
  public static final Duration DRAIN = Duration.ofSeconds(5);

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Backoff BACKOFF =
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60));
  // After POLL and BACKOFF: static fields initialise in order.
  static final Pacing STREAMING = pacing(500, Duration.ZERO);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final List<SiemExporter> exporters;

  private SiemExporters(List<SiemExporter> exporters) {
    this.exporters = List.copyOf(exporters);
  }

  /** No sinks: what a deployment without {@code siem:} runs. */
  public static SiemExporters none() {
    return new SiemExporters(List.of());
  }

  /**
   * Opens each sink and starts its exporter.
   *
   * @param tenants the tenants whose logs are exported
   * @param source a read-only view of the ledger with its own connection
   * @param stateFolder where cursor files live ({@code DATA/siem})
   * @param environment the process environment, for {@code secret_env}
   * @throws SiemStartException when a sink cannot be opened as configured (nothing is left running)
   */
  public static SiemExporters start(
      List<SiemSinkSettings> sinks,
      Collection<TenantId> tenants,
      LedgerSource source,
      Path stateFolder,
      Function<String, String> environment,
      Clock clock)
      throws SiemStartException {
    List<SiemExporter> exporters = new ArrayList<>();
    List<Sink> opened = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    List<TenantId> sorted =
        tenants.stream().sorted((a, b) -> a.value().compareTo(b.value())).toList();
    try {
      for (SiemSinkSettings settings : sinks) {
        Sink sink = open(settings, environment, clock);
        opened.add(sink);
        exporters.add(
            new SiemExporter(
                settings.name(),
                sink,
                source,
                sorted,
                new CursorFile(stateFolder.resolve(settings.name() + ".cursor")),
                pacing(settings),
                clock,
                random));
      }
    } catch (SiemStartException | RuntimeException e) {
      opened.forEach(Sink::close);
      throw e;
    }
    for (SiemExporter exporter : exporters) {
      exporter.start();
    }
    return new SiemExporters(exporters);
  }

  static Sink open(SiemSinkSettings settings, Function<String, String> environment, Clock clock)
      throws SiemStartException {
    return switch (settings) {
      case SiemSinkSettings.Jsonl jsonl -> new JsonlSink(jsonl.path());
      case SiemSinkSettings.Syslog syslog -> {
        SyslogFormat format =
            new SyslogFormat(
                syslog.facility(),
                syslog.hostname().orElseGet(SiemExporters::localHostName),
                Long.toString(ProcessHandle.current().pid()));
        SyslogTransport transport =
            switch (syslog.transport()) {
              case TCP ->
                  new TcpSyslogTransport(
                      syslog.host(), syslog.port(), CONNECT_TIMEOUT, WRITE_TIMEOUT);
              case UDP -> {
                try {
                  yield new UdpSyslogTransport(
                      syslog.host(), syslog.port(), syslog.maxMessageBytes());
                } catch (SocketException e) {
                  throw new SiemStartException(
                      "siem sink " + syslog.name() + ": cannot open a UDP socket: " + e);
                }
              }
            };
        yield new SyslogSink(format, transport);
      }
      case SiemSinkSettings.Webhook webhook -> {
        Optional<WebhookSignature> signature = Optional.empty();
        if (webhook.secret().isPresent()) {
          try {
            signature = Optional.of(WebhookSignature.load(webhook.secret().get(), environment));
          } catch (SiemStartException e) {
            throw new SiemStartException("siem sink " + webhook.name() + ": " + e.getMessage());
          }
        }
        yield new WebhookSink(webhook.url(), webhook.timeout(), signature, clock);
      }
    };
  }

  static Pacing pacing(SiemSinkSettings settings) {
    return switch (settings) {
      case SiemSinkSettings.Webhook webhook -> pacing(webhook.batchSize(), webhook.maxWait());
      case SiemSinkSettings.Jsonl jsonl -> STREAMING;
      case SiemSinkSettings.Syslog syslog -> STREAMING;
    };
  }

  private static Pacing pacing(int batchSize, Duration maxWait) {
    return new Pacing(batchSize, maxWait, POLL, BACKOFF);
  }

  /** RFC 5424 asks for the FQDN, a name or an address, in that order; {@code -} when unknown. */
  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException | SecurityException e) {
      return "-";
    }
  }

  /** Every sink's status, in configuration order. */
  public List<SinkStatus> status() {
    return exporters.stream().map(SiemExporter::status).toList();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (SiemExporter exporter : exporters) {
      Gauge.builder("sallyport.siem.lag", exporter, SiemExporter::totalLag)
          .description("Ledger entries not yet delivered to the sink")
          .tag("sink", exporter.name())
          .register(registry);
      Gauge.builder(
              "sallyport.siem.healthy",
              exporter,
              e -> e.state() == SinkStatus.State.EXPORTING ? 1 : 0)
          .description("1 while the sink's last round succeeded")
          .tag("sink", exporter.name())
          .register(registry);
      FunctionCounter.builder("sallyport.siem.delivered", exporter, SiemExporter::deliveredCount)
          .description("Records delivered to the sink, repeats included")
          .tag("sink", exporter.name())
          .register(registry);
      FunctionCounter.builder("sallyport.siem.failures", exporter, SiemExporter::failureCount)
          .description("Failed deliveries to the sink")
          .tag("sink", exporter.name())
          .register(registry);
    }
  }

  /** Delivers what is pending within {@link #DRAIN}, all sinks at once, then stops them. */
  @Override
  public void close() {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    exporters.forEach(e -> e.requestStop(deadline));
    exporters.forEach(SiemExporter::awaitStopped);
  }
}
