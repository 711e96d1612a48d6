package dev.sallyport.siem;

import static dev.sallyport.siem.TestLedger.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.config.SiemSinkSettings;
import dev.sallyport.config.SiemSinkSettings.SecretReference;
import dev.sallyport.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporters as the server starts them: from configuration, with secrets and metrics. */
class SiemExportersTest {
  private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t";

  @TempDir Path temp;
  private TestLedger ledger;

  @BeforeEach
  void open() {
    ledger = new TestLedger(temp.resolve("data"));
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private SiemExporters start(List<SiemSinkSettings> sinks, Map<String, String> environment)
      throws SiemStartException {
    return SiemExporters.start(
        sinks,
        TestExporters.tenants(),
        ledger.source(),
        temp.resolve("data/siem"),
        environment::get,
        Clock.systemUTC());
  }

  @Test
  void startsEverySinkDeliversToEachAndReportsLagAndCounts() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 8));
    Path jsonl = temp.resolve("events.jsonl");
    try (WebhookReceiver webhook = WebhookReceiver.start(0);
        SyslogReceivers.Udp syslog = new SyslogReceivers.Udp()) {
      SiemExporters exporters =
          start(
              List.of(
                  new SiemSinkSettings.Jsonl("soc-jsonl", jsonl),
                  new SiemSinkSettings.Syslog(
                      "soc-syslog",
                      SiemSinkSettings.SyslogTransport.UDP,
                      "127.0.0.1",
                      syslog.port(),
                      13,
                      Optional.of("gw1"),
                      2048),
                  new SiemSinkSettings.Webhook(
                      "soc-webhook",
                      webhook.url(),
                      5,
                      Duration.ZERO,
                      Duration.ofSeconds(5),
                      Optional.of(new SecretReference.Environment("HOOK_SECRET")))),
              Map.of("HOOK_SECRET", SECRET));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      exporters.bindTo(registry);

      Eventually.until(
          "every sink delivered",
          () ->
              JsonlExportTest.lineCount(jsonl) == 8
                  && syslog.messages().size() == 8
                  && webhook.acceptedIds().size() == 8);
      Eventually.until(
          "no lag", () -> exporters.status().stream().allMatch(s -> s.totalLag() == 0));

      assertThat(webhook.acceptedIds()).isEqualTo(appended);
      assertThat(webhook.requests()).allMatch(r -> r.signature().startsWith("sha256="));
      assertThat(exporters.status())
          .extracting(SinkStatus::name)
          .containsExactly("soc-jsonl", "soc-syslog", "soc-webhook");
      assertThat(registry.get("sallyport.siem.lag").tag("sink", "soc-webhook").gauge().value())
          .isZero();
      assertThat(
              registry
                  .get("sallyport.siem.delivered")
                  .tag("sink", "soc-jsonl")
                  .functionCounter()
                  .count())
          .isEqualTo(8);
      assertThat(registry.get("sallyport.siem.healthy").tag("sink", "soc-syslog").gauge().value())
          .isEqualTo(1);
      exporters.close();
      assertThat(exporters.status()).allMatch(s -> s.state() == SinkStatus.State.CLOSED);
    }
  }

  @Test
  void refusesToStartAWebhookWhoseSecretVariableIsNotSet() {
    assertThatThrownBy(
            () -> start(List.of(webhook(new SecretReference.Environment("HOOK"))), Map.of()))
        .isInstanceOf(SiemStartException.class)
        .hasMessage("siem sink soc-webhook: the webhook secret variable HOOK is not set");
  }

  @Test
  void refusesAShortSecretWithoutPrintingIt() {
    assertThatThrownBy(() ->
            start(
                List.of(webhook(new SecretReference.Environment("HOOK"))),
                Map.of("HOOK", "tiny-secret")))
        .isInstanceOf(SiemStartException.class)
        .hasMessageContaining("shorter than 16 bytes")
        .message()
        .doesNotContain("tiny-secret");
  }

  @Test
  void readsASecretFileWithoutItsFinalLineBreak() throws Exception {
    Path file = temp.resolve("hook.secret");
    Files.writeString(file, SECRET + "\n");

    WebhookSignature fromFile = WebhookSignature.load(new SecretReference.File(file), name -> null);
    WebhookSignature fromEnvironment =
        WebhookSignature.load(new SecretReference.Environment("HOOK"), name -> SECRET);

    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(fromFile.sign(body)).isEqualTo(fromEnvironment.sign(body));
    assertThat(fromFile.toString()).doesNotContain(SECRET);
  }

  @Test
  void refusesAMissingSecretFile() {
    Path missing = temp.resolve("absent.secret");

    assertThatThrownBy(() -> start(List.of(webhook(new SecretReference.File(missing))), Map.of()))
        .isInstanceOf(SiemStartException.class)
        .hasMessageContaining("cannot read the webhook secret file " + missing);
  }

  private static SiemSinkSettings webhook(SecretReference secret) {
    return new SiemSinkSettings.Webhook(
        "soc-webhook",
        java.net.URI.create("https://siem.example/ingest"),
        100,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Optional.of(secret));
  }
}
