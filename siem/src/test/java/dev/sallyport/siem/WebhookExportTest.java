package dev.sallyport.siem;

import static dev.sallyport.siem.TestLedger.ACME;
import static dev.sallyport.siem.TestLedger.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import dev.sallyport.testing.Eventually;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook sink against a real HTTP receiver: batches, signatures, retries, Retry-After,
 * rejections, an outage, and a delivery cut off mid-batch.
 */
class WebhookExportTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @TempDir Path temp;
  private TestLedger ledger;
  private Path state;
  private WebhookReceiver receiver;

  @BeforeEach
  void open() throws Exception {
    ledger = new TestLedger(temp.resolve("data"));
    state = temp.resolve("data/siem");
    receiver = WebhookReceiver.start(0);
  }

  @AfterEach
  void close() {
    receiver.close();
    ledger.close();
  }

  private WebhookSink sink(URI url) throws Exception {
    return new WebhookSink(
        url,
        Duration.ofSeconds(10),
        Optional.of(WebhookSignature.load(new SecretReference.Environment("HOOK"), name -> SECRET)),
        Clock.systemUTC());
  }

  private SiemExporter started(URI url, int batchSize, Duration maxWait) throws Exception {
    return TestExporters.started("soc-webhook", sink(url), ledger, state, batchSize, maxWait);
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void postsSignedBatchesNoLargerThanTheBatchSize() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 23));
    appended.addAll(ledger.appendMany(GLOBEX, 4));

    SiemExporter exporter = started(receiver.url(), 10, Duration.ZERO);
    Eventually.until("27 records", () -> receiver.acceptedIds().size() == 27);
    exporter.close(Duration.ofSeconds(5));

    assertThat(receiver.acceptedIds()).isEqualTo(appended);
    assertThat(receiver.accepted()).hasSize(27);
    for (WebhookReceiver.Request request : receiver.requests()) {
      assertThat(request.records()).hasSizeLessThanOrEqualTo(10);
      assertThat(request.records())
          .extracting(r -> r.get("tenant"))
          .containsOnly(request.records().get(0).get("tenant"));
      assertThat(request.signature()).isEqualTo(hmac(request.body()));
    }
  }

  @Test
  void waitsUpToMaxWaitForABatchToFill() throws Exception {
    ledger.appendMany(ACME, 3);

    SiemExporter exporter = started(receiver.url(), 100, Duration.ofMillis(300));
    Eventually.until("3 records", () -> receiver.acceptedIds().size() == 3);
    exporter.close(Duration.ofSeconds(5));

    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void retriesTheSameBatchAfterA503() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 5));
    receiver.script((attempt, records) ->
        attempt == 1 ? new WebhookReceiver.Reply(503, Map.of()) : WebhookReceiver.Reply.ok());

    SiemExporter exporter = started(receiver.url(), 10, Duration.ZERO);
    Eventually.until("5 records", () -> receiver.acceptedIds().size() == 5);
    exporter.close(Duration.ofSeconds(5));

    List<WebhookReceiver.Request> requests = receiver.requests();
    assertThat(requests.get(0).status()).isEqualTo(503);
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
    assertThat(receiver.acceptedIds()).isEqualTo(appended);
    assertThat(exporter.status().failures()).isEqualTo(1);
  }

  @Test
  void honoursRetryAfter() throws Exception {
    ledger.appendMany(ACME, 2);
    receiver.script((attempt, records) ->
        attempt == 1
            ? new WebhookReceiver.Reply(429, Map.of("Retry-After", "1"))
            : WebhookReceiver.Reply.ok());

    SiemExporter exporter = started(receiver.url(), 10, Duration.ZERO);
    Eventually.until("2 records", () -> receiver.acceptedIds().size() == 2);
    exporter.close(Duration.ofSeconds(5));

    List<WebhookReceiver.Request> requests = receiver.requests();
    // The test back-off is at most 400 ms: only Retry-After explains a second's wait.
    assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void deliversEverythingOnceAReceiverThatWasDownComesUp() throws Exception {
    int port = receiver.port();
    receiver.close();
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 7));

    SiemExporter exporter =
        started(URI.create("http://127.0.0.1:" + port + "/ingest"), 3, Duration.ZERO);
    Eventually.until("a failed delivery", () -> exporter.status().failures() > 0);
    assertThat(exporter.status().lag()).containsEntry(ACME, 7L);

    receiver = WebhookReceiver.start(port);
    Eventually.until("7 records", () -> receiver.acceptedIds().size() == 7);
    exporter.close(Duration.ofSeconds(5));
    assertThat(receiver.acceptedIds()).isEqualTo(appended);
  }

  @Test
  void keepsRetryingARejectedBatchAndSkipsNothing() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 4));
    receiver.script((attempt, records) -> new WebhookReceiver.Reply(401, Map.of()));

    SiemExporter exporter = started(receiver.url(), 10, Duration.ZERO);
    Eventually.until("three rejections", () -> exporter.status().failures() >= 3);
    assertThat(exporter.status().state()).isEqualTo(SinkStatus.State.RETRYING);
    assertThat(exporter.status().lastError()).get().asString().contains("answered HTTP 401");
    assertThat(receiver.acceptedIds()).isEmpty();

    receiver.script((attempt, records) -> WebhookReceiver.Reply.ok());
    Eventually.until("4 records", () -> receiver.acceptedIds().size() == 4);
    exporter.close(Duration.ofSeconds(5));
    assertThat(receiver.acceptedIds()).isEqualTo(appended);
  }

  @Test
  void sendsSmallerBatchesWhenTheReceiverSaysTooLarge() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 12));
    receiver.script((attempt, records) ->
        records.size() > 4 ? new WebhookReceiver.Reply(413, Map.of()) : WebhookReceiver.Reply.ok());

    SiemExporter exporter = started(receiver.url(), 16, Duration.ZERO);
    Eventually.until("12 records", () -> receiver.acceptedIds().size() == 12);
    exporter.close(Duration.ofSeconds(5));

    assertThat(receiver.acceptedIds()).isEqualTo(appended);
    assertThat(receiver.requests())
        .filteredOn(r -> r.status() == 200)
        .allMatch(r -> r.records().size() <= 4);
  }

  @Test
  void resendsABatchCutOffMidDeliveryAfterARestart() throws Exception {
    Set<String> appended = new HashSet<>(ledger.appendMany(ACME, 6));
    appended.addAll(ledger.appendMany(GLOBEX, 6));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(1);
    receiver.script((attempt, records) -> {
      if (attempt == 1) {
        arrived.countDown();
        release.await();
      }
      return WebhookReceiver.Reply.ok();
    });

    SiemExporter killed = started(receiver.url(), 4, Duration.ZERO);
    arrived.await();
    // The process dies with the first batch in flight: no drain, no answer seen.
    killed.close(Duration.ZERO);
    release.countDown();
    Map<dev.sallyport.model.TenantId, Long> saved =
        new CursorFile(state.resolve("soc-webhook.cursor")).load();
    assertThat(saved.getOrDefault(ACME, 0L)).isZero();

    SiemExporter restarted = started(receiver.url(), 4, Duration.ZERO);
    Eventually.until("every event", () -> receiver.acceptedIds().containsAll(appended));
    restarted.close(Duration.ofSeconds(5));

    assertThat(receiver.acceptedIds()).isEqualTo(appended);
    assertThat(receiver.accepted().size()).isGreaterThan(appended.size());
  }
}
