package dev.sallyport.siem;

import static dev.sallyport.siem.TestLedger.ACME;
import static dev.sallyport.siem.TestLedger.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.testing.Eventually;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syslog sink against real TCP and UDP receivers on loopback. */
class SyslogExportTest {
  /** Header and structured data of the messages this sink writes. */
  private static final Pattern MESSAGE =
      Pattern.compile(
          "<(\\d{1,3})>1 (\\S+) test-host sallyport \\d+ (\\S+) \\[sallyport@32473 tenant=\"([a-z]+)\""
              + " index=\"(\\d+)\" id=\"([^\"]+)\" outcome=\"[a-z_]+\" leaf_hash=\"[A-Za-z0-9+/=]{44}\"\\]"
              + " (\\{.*\\})",
          Pattern.DOTALL);

  @TempDir Path temp;
  private TestLedger ledger;
  private Path state;
  private final SyslogFormat format = new SyslogFormat(13, "test-host", "77");

  @BeforeEach
  void open() {
    ledger = new TestLedger(temp.resolve("data"));
    state = temp.resolve("data/siem");
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private SiemExporter tcp(int port) {
    return TestExporters.started(
        "soc-syslog",
        new SyslogSink(
            format,
            new TcpSyslogTransport(
                "127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(5))),
        ledger,
        state,
        8,
        Duration.ZERO);
  }

  private static Set<String> ids(List<byte[]> messages) {
    Set<String> ids = new HashSet<>();
    for (byte[] message : messages) {
      Matcher m = MESSAGE.matcher(new String(message, StandardCharsets.UTF_8));
      assertThat(m.matches()).as(new String(message, StandardCharsets.UTF_8)).isTrue();
      ids.add(m.group(6));
    }
    return ids;
  }

  @Test
  void deliversEveryEventOverTcpWithOctetCounting() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 20));
    appended.addAll(ledger.appendMany(GLOBEX, 11));

    try (SyslogReceivers.Tcp receiver = new SyslogReceivers.Tcp(0)) {
      SiemExporter exporter = tcp(receiver.port());
      Eventually.until("31 messages", () -> receiver.messages().size() == 31);
      exporter.close(Duration.ofSeconds(5));

      assertThat(ids(receiver.messages())).isEqualTo(appended);
    }
  }

  @Test
  void deliversEveryEventOverUdpOneDatagramEach() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 12));

    try (SyslogReceivers.Udp receiver = new SyslogReceivers.Udp()) {
      SiemExporter exporter =
          TestExporters.started(
              "soc-udp",
              new SyslogSink(format, new UdpSyslogTransport("127.0.0.1", receiver.port(), 2048)),
              ledger,
              state,
              4,
              Duration.ZERO);
      Eventually.until("12 datagrams", () -> receiver.messages().size() == 12);
      exporter.close(Duration.ofSeconds(5));

      assertThat(ids(receiver.messages())).isEqualTo(appended);
      assertThat(receiver.messages()).allMatch(m -> m.length <= 2048);
    }
  }

  @Test
  void waitsForAReceiverThatIsDownAndDeliversOnceItIsUp() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 9));

    SiemExporter exporter = tcp(port);
    Eventually.until("a failed delivery", () -> exporter.status().failures() > 0);
    assertThat(exporter.status().state()).isEqualTo(SinkStatus.State.RETRYING);
    assertThat(exporter.status().lag()).containsEntry(ACME, 9L);

    try (SyslogReceivers.Tcp receiver = new SyslogReceivers.Tcp(port)) {
      Eventually.until("9 messages", () -> receiver.messages().size() == 9);
      exporter.close(Duration.ofSeconds(5));
      assertThat(ids(receiver.messages())).isEqualTo(appended);
      assertThat(exporter.status().lag()).containsEntry(ACME, 0L);
    }
  }

  @Test
  void reconnectsWhenTheReceiverRestartsInsteadOfWritingIntoTheDeadConnection() throws Exception {
    Set<String> first = new HashSet<>(ledger.appendMany(ACME, 5));
    int port;
    SiemExporter exporter;
    try (SyslogReceivers.Tcp receiver = new SyslogReceivers.Tcp(0)) {
      port = receiver.port();
      exporter = tcp(port);
      Eventually.until("5 messages", () -> receiver.messages().size() == 5);
      assertThat(ids(receiver.messages())).isEqualTo(first);
    }
    Set<String> second = new HashSet<>(ledger.appendMany(ACME, 6));

    // The port is free again once the exporter has noticed the old connection is gone and closed
    // it.
    SyslogReceivers.Tcp restarted = bindWhenFree(port);
    try (restarted) {
      Eventually.until("6 messages", () -> ids(restarted.messages()).containsAll(second));
      exporter.close(Duration.ofSeconds(5));
    }
  }

  private static SyslogReceivers.Tcp bindWhenFree(int port) throws InterruptedException {
    SyslogReceivers.Tcp[] bound = new SyslogReceivers.Tcp[1];
    Eventually.until(
        "port " + port + " is free",
        () -> {
          try {
            bound[0] = new SyslogReceivers.Tcp(port);
            return true;
          } catch (java.io.IOException e) {
            return false;
          }
        });
    return bound[0];
  }
}
