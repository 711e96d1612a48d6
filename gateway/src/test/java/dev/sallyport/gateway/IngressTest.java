package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingress on a real server and real sockets: clients connect from chosen loopback addresses (all of
 * 127.0.0.0/8 is this host on Linux), so allowed and refused sources are both at hand.
 */
class IngressTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String DECISION =
      "{\"tool\":\"invoices.list\",\"arguments\":{},\"session_id\":\"ingress-test\"}";

  @TempDir Path temp;
  private GatewayFixture gateway;
  private HttpServer jwks;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  /** Starts the gateway with {@code block} as the {@code ingress:} of sallyport.yaml. */
  private void start(String block) throws Exception {
    start(block, config -> {}, "127.0.0.1");
  }

  private void start(String block, GatewayFixture.DeploymentEdit more, String host)
      throws Exception {
    gateway =
        new GatewayFixture(
            temp,
            config -> {
              Path file = config.resolve("sallyport.yaml");
              String text = Files.readString(file);
              String without = text.replaceAll("(?m)^ingress:\\n(?:(?: .*)?\\n)*", "");
              assertThat(without).doesNotContain("\ningress:");
              Files.writeString(file, without + block);
              more.apply(config);
            },
            log -> log,
            history -> history,
            host);
  }

  private int port() {
    return gateway.server.port();
  }

  private String token() {
    return gateway.token("finance-bot");
  }

  private List<AuditEvent> refusalsInTheLedger() {
    return gateway.sqliteAudit.read(ACME, 0, 100_000).stream()
        .filter(e -> e.type().equals("ingress.refused"))
        .toList();
  }

  /** The sum of {@code sallyport_ingress_refused_total} over the tags matching {@code tags}. */
  private double refusedCounter(String tags) throws IOException {
    RawHttp.Answer metrics = RawHttp.get("127.0.0.1", port(), "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    double sum = 0;
    Matcher m =
        Pattern.compile("(?m)^sallyport_ingress_refused_total\\{([^}]*)\\} (\\S+)$")
            .matcher(metrics.body());
    while (m.find()) {
      if (m.group(1).contains(tags)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private static void assertRefused(RawHttp.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(403);
    assertThat(answer.body())
        .contains("\"type\":\"https://sallyport.dev/problems/forbidden\"")
        .contains("\"detail\":\"the request was refused\"")
        .doesNotContainIgnoringCase("allow")
        .doesNotContainIgnoringCase("ingress")
        .doesNotContain("127.0.");
    assertThat(answer.header("Connection")).isEqualTo("close");
  }

  @Test
  void aSourceOutsideTheListIsRefusedBeforeItsTokenIsLookedAt() throws Exception {
    AtomicInteger keyFetches = new AtomicInteger();
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext(
        "/jwks.json",
        exchange -> {
          keyFetches.incrementAndGet();
          byte[] keys = Files.readAllBytes(temp.resolve("config/keys/jwks.json"));
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, keys.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(keys);
          }
        });
    jwks.start();
    start(
        """
        ingress:
          allow:
            agent: [127.0.0.2/32]
            metrics: [127.0.0.1/32]
        """,
        config -> {
          Path file = config.resolve("sallyport.yaml");
          String text = Files.readString(file);
          assertThat(text).contains("jwks_file: keys/jwks.json");
          Files.writeString(
              file,
              text.replace(
                  "jwks_file: keys/jwks.json",
                  "jwks_url: http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"));
        },
        "127.0.0.1");
    RawHttp.Answer allowed =
        RawHttp.post("127.0.0.2", "127.0.0.1", port(), "/v1/decisions", token(), DECISION);
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
    // Past the issuer keys' minimum refetch interval: from here, a token naming a key the cache
    // does not hold makes authentication fetch the key set again.
    gateway.clock.advance(Duration.ofMinutes(1));
    String unknownKey =
        gateway.issuer.sign(
            TestingIssuer.agentClaims("acme", "finance-bot", gateway.clock.instant()).build(),
            header -> header.keyID("rotated-key"));
    int fetchesBefore = keyFetches.get();

    for (int i = 0; i < 5; i++) {
      assertRefused(
          RawHttp.post("127.0.0.1", "127.0.0.1", port(), "/v1/decisions", unknownKey, DECISION));
    }
    assertThat(keyFetches.get()).as("key fetches while refusing").isEqualTo(fetchesBefore);

    // The control: the same token from an allowed source is authenticated, which costs a fetch.
    RawHttp.Answer authenticated =
        RawHttp.post("127.0.0.2", "127.0.0.1", port(), "/v1/decisions", unknownKey, DECISION);
    assertThat(authenticated.status()).isEqualTo(401);
    assertThat(keyFetches.get()).as("key fetches when authenticating").isGreaterThan(fetchesBefore);
    assertThat(refusedCounter("group=\"agent\",reason=\"source_not_allowed\"")).isEqualTo(5.0);
  }

  @Test
  void aRefusedRequestIsAnsweredWithoutWaitingForItsBody() throws Exception {
    start("ingress:\n  allow:\n    agent: [127.0.0.2/32]\n");

    // A megabyte announced and never sent: an answer proves the server did not wait for it.
    RawHttp.Answer answer =
        RawHttp.exchange(
            "127.0.0.1",
            "127.0.0.1",
            port(),
            "POST /v1/actions HTTP/1.1\r\nHost: sallyport\r\nAuthorization: Bearer "
                + token()
                + "\r\nContent-Type: application/json\r\nContent-Length: 1048576",
            "");

    assertRefused(answer);
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void anAllowedSourcePassesThroughToTheApi() throws Exception {
    start("ingress:\n  allow:\n    agent: [127.0.0.2/32, 127.0.9.0/24]\n");

    RawHttp.Answer answer =
        RawHttp.post("127.0.9.77", "127.0.0.1", port(), "/v1/decisions", token(), DECISION);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("\"decision\":\"allow\"");
    assertThat(refusalsInTheLedger()).isEmpty();
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
    start("ingress:\n  allow:\n    agent: [127.0.0.2/32]\n    metrics: [127.0.0.1/32]\n");

    // Claiming an allowed address does not make a refused peer allowed...
    assertRefused(
        RawHttp.post(
            "127.0.0.1",
            "127.0.0.1",
            port(),
            "/v1/decisions",
            token(),
            DECISION,
            "X-Forwarded-For: 127.0.0.2"));
    // ...and claiming a refused one does not make an allowed peer refused.
    RawHttp.Answer allowed =
        RawHttp.post(
            "127.0.0.2",
            "127.0.0.1",
            port(),
            "/v1/decisions",
            token(),
            DECISION,
            "X-Forwarded-For: 203.0.113.9, garbage",
            "Forwarded: for=203.0.113.9");
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
    assertThat(refusalsInTheLedger())
        .extracting(AuditEvent::reason)
        .containsExactly("source_not_allowed group:agent source:127.0.0.0/24 unrecorded:0");
  }

  @Test
  void forwardedForFromATrustedProxyIsReadFromTheRight() throws Exception {
    start(
        """
        ingress:
          trusted_proxies: [127.0.0.3/32, 127.0.0.4/32]
          allow:
            agent: [198.51.100.0/24]
            metrics: [127.0.0.1/32]
        """);

    RawHttp.Answer allowed =
        RawHttp.post(
            "127.0.0.3",
            "127.0.0.1",
            port(),
            "/v1/decisions",
            token(),
            DECISION,
            "X-Forwarded-For: 203.0.113.9, 198.51.100.7",
            "X-Forwarded-For: 127.0.0.4");
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);

    // The client is the first untrusted hop from the right, not whatever the left end says.
    assertRefused(
        RawHttp.post(
            "127.0.0.3",
            "127.0.0.1",
            port(),
            "/v1/decisions",
            token(),
            DECISION,
            "X-Forwarded-For: 198.51.100.7, 203.0.113.9"));
    // A trusted proxy that cannot say who the client is is not believed at all.
    assertRefused(
        RawHttp.post(
            "127.0.0.3",
            "127.0.0.1",
            port(),
            "/v1/decisions",
            token(),
            DECISION,
            "X-Forwarded-For: 198.51.100.7:443"));
    // Without the header, the proxy itself is the client.
    assertRefused(
        RawHttp.post("127.0.0.4", "127.0.0.1", port(), "/v1/decisions", token(), DECISION));
    // The same header from a peer that is not a proxy is ignored.
    assertRefused(
        RawHttp.post(
            "127.0.0.5",
            "127.0.0.1",
            port(),
            "/v1/decisions",
            token(),
            DECISION,
            "X-Forwarded-For: 198.51.100.7"));

    assertThat(refusedCounter("reason=\"forwarded_for_malformed\"")).isEqualTo(1.0);
    assertThat(refusedCounter("reason=\"source_not_allowed\"")).isEqualTo(3.0);
    // The last two came from the /24 just recorded, within the minute: counted, not recorded.
    assertThat(refusalsInTheLedger())
        .extracting(AuditEvent::reason)
        .containsExactly(
            "source_not_allowed group:agent source:203.0.113.0/24 unrecorded:0",
            "forwarded_for_malformed group:agent source:127.0.0.0/24 unrecorded:0");
  }

  @Test
  void ipv6LoopbackIsAClientLikeAnyOther() throws Exception {
    assumeThat(ipv6LoopbackWorks()).as("IPv6 loopback is available").isTrue();
    start(
        """
        ingress:
          allow:
            agent: ["::1/128"]
            health: [127.0.0.1/32]
            metrics: ["::1/128"]
        """,
        config -> {},
        "::1");

    RawHttp.Answer decision =
        RawHttp.post("::1", "::1", port(), "/v1/decisions", token(), DECISION);
    RawHttp.Answer health =
        RawHttp.exchange(
            "::1",
            "::1",
            port(),
            "GET /healthz HTTP/1.1\r\nHost: sallyport\r\nConnection: close",
            "");

    assertThat(decision.status()).as(decision.body()).isEqualTo(200);
    assertRefused(health);
    assertThat(refusalsInTheLedger())
        .extracting(AuditEvent::reason)
        .containsExactly("source_not_allowed group:health source:::/64 unrecorded:0");
  }

  @Test
  void metricsAndTheAgentApiHaveSeparateLists() throws Exception {
    start("ingress:\n  allow:\n    agent: [127.0.0.1/32]\n    metrics: [127.0.0.2/32]\n");

    assertRefused(RawHttp.get("127.0.0.1", port(), "/metrics"));
    assertRefused(
        RawHttp.post("127.0.0.2", "127.0.0.1", port(), "/v1/decisions", token(), DECISION));
    RawHttp.Answer metrics = RawHttp.get("127.0.0.2", port(), "/metrics");
    RawHttp.Answer decision =
        RawHttp.post("127.0.0.1", "127.0.0.1", port(), "/v1/decisions", token(), DECISION);

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "sallyport_ingress_refused_total{group=\"metrics\",reason=\"source_not_allowed\"} 1.0")
        .contains(
            "sallyport_ingress_refused_total{group=\"agent\",reason=\"source_not_allowed\"} 1.0");
    assertThat(decision.status()).isEqualTo(200);
  }

  @Test
  void withoutTheBlockOnlyLoopbackIsServedAndUnknownPathsAreRefused() throws Exception {
    start("");

    assertThat(RawHttp.get("127.0.0.1", port(), "/healthz").status()).isEqualTo(200);
    assertThat(RawHttp.get("127.200.0.1", port(), "/readyz").status()).isEqualTo(200);
    // No path outside the route groups is answered, not even with a 404.
    assertRefused(RawHttp.get("127.0.0.1", port(), "/v1/nothing"));
    assertRefused(RawHttp.get("127.0.0.1", port(), "/.env"));
    assertThat(refusalsInTheLedger())
        .extracting(AuditEvent::reason)
        .containsExactly("unknown_route group:unrouted source:127.0.0.0/24 unrecorded:0");
  }

  @Test
  void aFloodOfRefusalsWritesABoundedNumberOfLedgerEvents() throws Exception {
    start("ingress:\n  allow:\n    agent: [127.0.0.1/32]\n    metrics: [127.0.0.1/32]\n");
    long ledgerBefore = gateway.sqliteAudit.size(ACME);

    // 2,000 refusals from 20 different /24s, all at one instant of the gateway's clock.
    for (int source = 1; source <= 20; source++) {
      for (int i = 0; i < 100; i++) {
        assertThat(RawHttp.get("127.0." + source + ".1", port(), "/v1/decisions").status())
            .isEqualTo(403);
      }
    }

    assertThat(refusedCounter("group=\"agent\"")).isEqualTo(2_000.0);
    List<AuditEvent> events = refusalsInTheLedger();
    assertThat(events).hasSize(10);
    assertThat(gateway.sqliteAudit.size(ACME) - ledgerBefore).isEqualTo(10);

    // A minute on, the next refusal is recorded; every event says how many before it went
    // unrecorded, so that the events account for every refusal.
    gateway.clock.advance(Duration.ofSeconds(61));
    assertThat(RawHttp.get("127.0.1.1", port(), "/v1/decisions").status()).isEqualTo(403);
    events = refusalsInTheLedger();
    assertThat(events).hasSize(11);
    assertThat(events.get(10).reason())
        .startsWith("source_not_allowed group:agent source:127.0.1.0/24");
    long accountedFor =
        events.stream()
            .mapToLong(e -> 1 + Long.parseLong(e.reason().replaceAll(".* unrecorded:", "")))
            .sum();
    assertThat(accountedFor).isEqualTo(2_001);
  }

  private static boolean ipv6LoopbackWorks() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
