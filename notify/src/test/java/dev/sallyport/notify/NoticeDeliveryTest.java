package dev.sallyport.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NoticeDeliveryTest {
  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20));

  /** A webhook receiver that answers with the queued statuses, then 200, and keeps what it got. */
  private HttpServer receiver;

  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
  private final List<Map<String, List<String>>> headers =
      Collections.synchronizedList(new ArrayList<>());
  private final RecordingListener listener = new RecordingListener();
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          bodies.add(exchange.getRequestBody().readAllBytes());
          headers.add(Map.copyOf(exchange.getRequestHeaders()));
          Integer status;
          synchronized (statuses) {
            status = statuses.isEmpty() ? 200 : statuses.poll();
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  private static ApprovalNotice notice(String agent, String reason) {
    return new ApprovalNotice(
        "d-1",
        TenantId.of("acme"),
        "appr-1",
        agent,
        "payments.pay_supplier",
        reason,
        Map.of("amount", 25_000L, "iban", "DE89 **** 3000"),
        NOW.plusSeconds(900),
        "fiona@acme.example",
        URI.create("https://sallyport.acme.example/approvals/open?t=spa1.x.y"));
  }

  private NoticeDelivery delivery(NoticeChannel channel) {
    return new NoticeDelivery(List.of(channel), FAST, listener, new Random(7));
  }

  @Test
  void slackGetsABlockKitMessageWithEscapedValuesAndTheLink() throws Exception {
    try (NoticeDelivery delivery =
        delivery(new SlackWebhookChannel(client, url(), Duration.ofSeconds(5)))) {
      List<NoticeDelivery.Outcome> outcomes =
          delivery
              .deliver(notice("bot <!channel>", "over 10,000 & new IBAN"))
              .get(10, TimeUnit.SECONDS);

      assertThat(outcomes).containsExactly(new NoticeDelivery.Outcome("slack", true, 1));
    }
    JsonNode message = JSON.readTree(bodies.get(0));
    String text = message.toString();
    assertThat(message.get("blocks").get(0).get("type").asText()).isEqualTo("header");
    assertThat(text)
        .contains("bot &lt;!channel&gt;")
        .doesNotContain("<!channel>")
        .contains("over 10,000 &amp; new IBAN")
        .contains("https://sallyport.acme.example/approvals/open?t=spa1.x.y");
    assertThat(message.get("blocks").get(3).get("elements").get(0).get("url").asText())
        .isEqualTo("https://sallyport.acme.example/approvals/open?t=spa1.x.y");
  }

  @Test
  void theSignedWebhookCarriesAVerifiableSignatureAndTheSameDeliveryIdOnEveryRetry()
      throws Exception {
    byte[] secret = "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII);
    statuses.add(503);
    statuses.add(429);
    try (NoticeDelivery delivery =
        delivery(
            new SignedWebhookChannel(
                client, url(), Duration.ofSeconds(5), secret, new TestingClock(NOW)))) {
      List<NoticeDelivery.Outcome> outcomes =
          delivery.deliver(notice("finance-bot", "big")).get(10, TimeUnit.SECONDS);

      assertThat(outcomes).containsExactly(new NoticeDelivery.Outcome("webhook", true, 3));
    }
    assertThat(bodies).hasSize(3);
    for (int i = 0; i < 3; i++) {
      Map<String, List<String>> h = headers.get(i);
      assertThat(h.get("Sallyport-delivery")).containsExactly("d-1");
      String signature = h.get("Sallyport-signature").get(0);
      String t = signature.substring(2, signature.indexOf(','));
      assertThat(t).isEqualTo(Long.toString(NOW.getEpochSecond()));
      assertThat(signature)
          .endsWith("v1=" + SignedWebhookChannel.signature(secret, t, bodies.get(i)));
    }
    assertThat(listener.events)
        .containsExactly(
            "failed webhook 1 webhook: HTTP 503 retry",
            "failed webhook 2 webhook: HTTP 429 retry",
            "delivered webhook 3");
  }

  @Test
  void aClientErrorIsNotRetriedAndIsRecordedAsFinal() throws Exception {
    statuses.add(404);
    try (NoticeDelivery delivery =
        delivery(new SlackWebhookChannel(client, url(), Duration.ofSeconds(5)))) {
      assertThat(delivery.deliver(notice("finance-bot", "big")).get(10, TimeUnit.SECONDS))
          .containsExactly(new NoticeDelivery.Outcome("slack", false, 1));
    }
    assertThat(listener.events).containsExactly("failed slack 1 slack: HTTP 404 final");
  }

  @Test
  void anUnreachableReceiverIsRetriedThenRecordedAsFinal() throws Exception {
    receiver.stop(0);
    try (NoticeDelivery delivery =
        delivery(new SlackWebhookChannel(client, url(), Duration.ofSeconds(2)))) {
      assertThat(delivery.deliver(notice("finance-bot", "big")).get(10, TimeUnit.SECONDS))
          .containsExactly(new NoticeDelivery.Outcome("slack", false, FAST.maxAttempts()));
    }
    assertThat(listener.events).hasSize(FAST.maxAttempts());
    assertThat(listener.events.get(FAST.maxAttempts() - 1)).endsWith("final");
    assertThat(String.join("\n", listener.events)).doesNotContain("spa1.x.y");
  }

  @Test
  void anEmailReachesTheApproverWithTheLink() throws Exception {
    EmailChannel email =
        new EmailChannel(
            "127.0.0.1",
            ServerSetupTest.SMTP.getPort(),
            "sallyport@acme.example",
            false,
            Duration.ofSeconds(5));
    try (NoticeDelivery delivery = delivery(email)) {
      assertThat(
              delivery
                  .deliver(notice("finance-bot\r\nBcc: evil@x.example", "big"))
                  .get(10, TimeUnit.SECONDS))
          .containsExactly(new NoticeDelivery.Outcome("email", true, 1));
    }
    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("fiona@acme.example");
    assertThat(received[0].getSubject())
        .startsWith("Approval needed: finance-bot")
        .doesNotContain("\n");
    assertThat(GreenMailUtil.getBody(received[0]))
        .contains("spa1.x.y")
        .contains("payments.pay_supplier");
  }

  @Test
  void anEmailToSomethingThatIsNotAnAddressIsAFinalFailure() throws Exception {
    EmailChannel email =
        new EmailChannel(
            "127.0.0.1",
            ServerSetupTest.SMTP.getPort(),
            "s@acme.example",
            false,
            Duration.ofSeconds(5));
    ApprovalNotice bad =
        new ApprovalNotice(
            "d-2",
            TenantId.of("acme"),
            "appr-2",
            "bot",
            "t",
            "r",
            Map.of(),
            NOW,
            "not an address, x@y",
            URI.create("https://x.example/a"));
    try (NoticeDelivery delivery = delivery(email)) {
      assertThat(delivery.deliver(bad).get(10, TimeUnit.SECONDS))
          .containsExactly(new NoticeDelivery.Outcome("email", false, 1));
    }
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void webhooksOffThisMachineMustBeHttpsAndSecretsMustBeLongEnough() {
    assertThatThrownBy(() ->
            new SlackWebhookChannel(
                client, URI.create("http://hooks.example/x"), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new SignedWebhookChannel(
                client, url(), Duration.ofSeconds(1), new byte[8], new TestingClock(NOW)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void backoffGrowsAndIsCappedAndJittered() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertThat(policy.delayBefore(2, 0.999)).isLessThan(Duration.ofSeconds(1));
    assertThat(policy.delayBefore(4, 0.999))
        .isBetween(Duration.ofMillis(3900), Duration.ofSeconds(4));
    assertThat(policy.delayBefore(40, 0.999))
        .isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
    assertThat(policy.delayBefore(5, 0.0)).isZero();
  }

  private static final class RecordingListener implements DeliveryListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void delivered(String channel, ApprovalNotice notice, int attempt) {
      events.add("delivered " + channel + " " + attempt);
    }

    @Override
    public void failed(
        String channel, ApprovalNotice notice, int attempt, String problem, boolean last) {
      events.add(
          "failed " + channel + " " + attempt + " " + problem + (last ? " final" : " retry"));
    }
  }
}
