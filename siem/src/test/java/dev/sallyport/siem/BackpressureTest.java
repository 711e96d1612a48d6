package dev.sallyport.siem;

import static dev.sallyport.siem.TestLedger.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.testing.Eventually;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that hangs or cannot be reached never holds up the ledger: appends go on and return, the
 * exporter's cursor simply waits, and the backlog goes out once the sink is back.
 */
class BackpressureTest {
  @TempDir Path temp;
  private TestLedger ledger;
  private Path state;

  @BeforeEach
  void open() {
    ledger = new TestLedger(temp.resolve("data"));
    state = temp.resolve("data/siem");
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void appendsCarryOnWhileTheWebhookHangsAndTheBacklogGoesOutAfterwards() throws Exception {
    ledger.appendMany(ACME, 10);
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      receiver.script((attempt, records) -> {
        if (attempt == 1) {
          hung.countDown();
          release.await();
        }
        return WebhookReceiver.Reply.ok();
      });
      SiemExporter exporter =
          TestExporters.started(
              "soc",
              new WebhookSink(
                  receiver.url(), Duration.ofMinutes(5), Optional.empty(), Clock.systemUTC()),
              ledger,
              state,
              50,
              Duration.ZERO);
      hung.await();

      // The exporter is stuck inside a request; the ledger is not.
      List<String> more = ledger.appendMany(ACME, 500);
      assertThat(more).hasSize(500);
      assertThat(ledger.size(ACME)).isEqualTo(510);

      release.countDown();
      Eventually.until("every event", () -> receiver.acceptedIds().size() == 510);
      exporter.close(Duration.ofSeconds(5));
      assertThat(exporter.status().totalLag()).isZero();
    }
  }

  @Test
  void appendsCarryOnWhileTheSyslogReceiverIsUnreachable() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    SiemExporter exporter =
        TestExporters.started(
            "soc",
            new SyslogSink(
                new SyslogFormat(13, "h", "1"),
                new TcpSyslogTransport(
                    "127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(1))),
            ledger,
            state,
            50,
            Duration.ZERO);

    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 300));
    Eventually.until("failures", () -> exporter.status().failures() > 0);
    assertThat(ledger.size(ACME)).isEqualTo(300);

    try (SyslogReceivers.Tcp receiver = new SyslogReceivers.Tcp(port)) {
      Eventually.until("every event", () -> receiver.messages().size() == 300);
      exporter.close(Duration.ofSeconds(5));
    }
    assertThat(appended).hasSize(300);
  }

  @Test
  void closingGivesUpOnAHungDeliveryWithinItsDrainTime() throws Exception {
    ledger.appendMany(ACME, 3);
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      receiver.script((attempt, records) -> {
        hung.countDown();
        never.await();
        return WebhookReceiver.Reply.ok();
      });
      SiemExporter exporter =
          TestExporters.started(
              "soc",
              new WebhookSink(
                  URI.create(receiver.url().toString()),
                  Duration.ofMinutes(5),
                  Optional.empty(),
                  Clock.systemUTC()),
              ledger,
              state,
              50,
              Duration.ZERO);
      hung.await();

      exporter.close(Duration.ofMillis(200));

      assertThat(exporter.status().state()).isEqualTo(SinkStatus.State.CLOSED);
      assertThat(exporter.status().lag()).containsEntry(ACME, 3L);
    } finally {
      never.countDown();
    }
  }
}
