package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.config.Deployment;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import dev.sallyport.notify.SignedWebhookChannel;
import dev.sallyport.policy.InMemoryAgentStandings;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.store.sqlite.ApprovalKeyFiles;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteApprovalStore;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.NpmPackages;
import dev.sallyport.testing.TestingIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7's whole path in Chromium: an agent's payment over the limit is held (202), the approver
 * group's signed webhook receives the notice with its one-time link, an approver follows it in a
 * real browser, signs in at the OpenID provider, approves, and the agent's long poll completes with
 * the executed call; the ledger reads request, approval (by the approver's IdP identity), grant and
 * result, in that order.
 *
 * <p>Playwright ({@code playwright-core}, no bundled browsers) is installed with npm into {@code
 * target/playwright} on first run and drives {@code /usr/bin/chromium}. Skipped, saying why, when
 * Chromium or Node.js is missing.
 */
class ApprovalInBrowserTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String IDP = "acme-idp";
  private static final String CLIENT = "sallyport-console";
  private static final String PLAYWRIGHT_VERSION = "1.65.1";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final byte[] WEBHOOK_SECRET =
      "webhook-secret-of-at-least-16-bytes".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path temp;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void anApproverFollowsTheLinkSignsInApprovesAndTheWaitingCallCompletes() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    assumeTrue(runs("node", "--version"), "Node.js (node) is not on the PATH");
    Path playwright = playwrightCore();

    MockOAuth2Server idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    BlockingQueue<Map<String, Object>> notices = new LinkedBlockingQueue<>();
    HttpServer receiver = webhookReceiver(notices);
    FakeUpstream upstream = new FakeUpstream();
    TestingIssuer agents = new TestingIssuer();
    int port = freePort();
    String origin = "http://127.0.0.1:" + port;
    String issuer = idp.issuerUrl(IDP).toString();
    Path config = deployment(upstream, agents, issuer, origin, receiver);
    Deployment deployment = GatewayFixture.load(config);

    SqliteDatabase database = SqliteDatabase.open(temp.resolve("data"));
    try (SqliteAuditLog audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
        SqliteSessionHistory history = new SqliteSessionHistory(database);
        SqlitePhaseSchedule phases = new SqlitePhaseSchedule(database);
        SqliteApprovalStore approvals = new SqliteApprovalStore(database);
        SqliteLedger ledger =
            new SqliteLedger(
                database,
                new LedgerSigningKeys(temp.resolve("data"), "sallyport.local", new SecureRandom()),
                Clock.systemUTC());
        HttpClient http = HttpClient.newHttpClient()) {
      InMemoryAgentStandings standings = new InMemoryAgentStandings();
      standings.promote(ACME, "finance-bot");
      // The provider stamps ID tokens with the real time, so the gateway runs on it too.
      Clock clock = Clock.systemUTC();
      try (GatewayServer gateway =
          GatewayServer.start(
              new GatewayServer.Parts(
                  deployment,
                  audit,
                  ledger,
                  history,
                  new InMemoryKillSwitches(),
                  clock,
                  standings,
                  phases),
              GatewayServer.Grants.ephemeral(clock),
              new GatewayServer.Approvals(
                  approvals,
                  new ApprovalKeyFiles(temp.resolve("data"), new SecureRandom()),
                  name -> null),
              "127.0.0.1",
              port)) {
        String agentToken = agents.agentToken("acme", "finance-bot", clock.instant());

        // The agent's payment over the limit is held.
        HttpResponse<String> held =
            http.send(
                HttpRequest.newBuilder(URI.create(origin + "/v1/actions"))
                    .header("Authorization", "Bearer " + agentToken)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            json.writeValueAsBytes(
                                Map.of(
                                    "tool",
                                    "payments.pay_supplier",
                                    "arguments",
                                    GatewayFixture.payment(9000),
                                    "session_id",
                                    "browser-session"))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
        String actionId = (String) json.readValue(held.body(), Map.class).get("action_id");

        // The approver group's webhook gets the notice, with the one-time link.
        Map<String, Object> notice = notices.poll(30, TimeUnit.SECONDS);
        assertThat(notice).as("the signed webhook received a notice").isNotNull();
        assertThat(notice)
            .containsEntry("approval", actionId)
            .containsEntry("recipient", "finance-approvers");
        String link = (String) notice.get("link");
        assertThat(link).startsWith(origin + "/approvals/open?t=spa1.");

        // The agent waits for the outcome meanwhile.
        CompletableFuture<HttpResponse<String>> waiting =
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(origin + "/v1/actions/" + actionId + "?wait=60"))
                    .header("Authorization", "Bearer " + agentToken)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());

        idp.enqueueCallback(
            new DefaultOAuth2TokenCallback(
                IDP,
                "fiona@acme.example",
                "JWT",
                List.of(CLIENT),
                Map.of(
                    "tenant",
                    "acme",
                    "principal_type",
                    "human",
                    "groups",
                    List.of("finance-leads"),
                    "name",
                    "Fiona Finance"),
                3600));
        Map<String, Object> browser = approveInChromium(playwright, link);

        assertThat(browser.get("signedIn")).as("went through sign-in: %s", browser).isEqualTo(true);
        assertThat(((List<?>) browser.get("visited")).stream().map(String::valueOf).toList())
            .containsSubsequence(
                "/approvals/open",
                "/console/signin",
                "/" + IDP + "/authorize",
                "/console/callback");
        assertThat((String) browser.get("approvalPage"))
            .contains("finance-bot", "payments.pay_supplier");
        assertThat((String) browser.get("after")).contains("Recorded: approved");

        HttpResponse<String> done = waiting.get(60, TimeUnit.SECONDS);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(json.readValue(done.body(), Map.class))
            .containsEntry("status", "executed")
            .containsEntry("decision", "allow");
        assertThat(upstream.received()).hasSize(1);

        List<AuditEvent> events =
            audit.read(ACME, 0, 1000).stream()
                .filter(e -> e.actionId().filter(actionId::equals).isPresent())
                .toList();
        assertThat(events.stream().map(AuditEvent::type).toList())
            .containsSubsequence(
                "approval.requested", "approval.approved", "grant.issued", "action.result");
        assertThat(events.stream().filter(e -> e.type().equals("approval.approved")).toList())
            .singleElement()
            .satisfies(e -> assertThat(e.actor()).isEqualTo("fiona@acme.example"));
      }
    } finally {
      receiver.stop(0);
      upstream.close();
      idp.shutdown();
    }
  }

  /** The quickstart, with the provider trusted for people, the console, and a signed webhook. */
  private Path deployment(
      FakeUpstream upstream, TestingIssuer agents, String issuer, String origin, HttpServer hook)
      throws IOException {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    agents.writeJwks(config);
    for (String system : new String[] {"erp", "mail", "crm", "directory"}) {
      ExampleDeployments.edit(
          config,
          "tenants/acme/tenant.yaml",
          "http://127.0.0.1:9801/" + system,
          upstream.baseUrl() + "/" + system);
    }
    ExampleDeployments.edit(
        config,
        "sallyport.yaml",
        "      audience: sallyport\n",
        "      audience: sallyport\n      tenants: [acme]\n");
    ExampleDeployments.edit(
        config,
        "sallyport.yaml",
        "  issuers:\n",
        "  issuers:\n"
            + "    - issuer: "
            + issuer
            + "\n      audience: "
            + CLIENT
            + "\n      discovery: true\n      tenants: [acme]\n      tenant_claim: tenant\n"
            + "      group_claims: [groups]\n");
    Files.writeString(
        config.resolve("sallyport.yaml"),
        Files.readString(config.resolve("sallyport.yaml"))
            + "\nconsole:\n  issuer: "
            + issuer
            + "\n  client_id: "
            + CLIENT
            + "\n  client_secret_file: console-secret\n  public_origin: "
            + origin
            + "\n");
    Files.writeString(config.resolve("console-secret"), "s3cret-of-the-console\n");
    Files.write(config.resolve("webhook-secret"), WEBHOOK_SECRET);
    Files.writeString(
        config.resolve("tenants/acme/tenant.yaml"),
        Files.readString(config.resolve("tenants/acme/tenant.yaml"))
            + "\nnotifications:\n  webhook:\n    url: http://127.0.0.1:"
            + hook.getAddress().getPort()
            + "/hook\n    secret_file: webhook-secret\n");
    return config;
  }

  /** A receiver that checks each notice's signature before it accepts it. */
  private HttpServer webhookReceiver(BlockingQueue<Map<String, Object>> notices)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String header = exchange.getRequestHeaders().getFirst("Sallyport-Signature");
          String timestamp = header.substring(2, header.indexOf(','));
          String expected =
              "t="
                  + timestamp
                  + ",v1="
                  + SignedWebhookChannel.signature(WEBHOOK_SECRET, timestamp, body);
          if (expected.equals(header)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> notice = json.readValue(body, Map.class);
            notices.add(notice);
            exchange.sendResponseHeaders(204, -1);
          } else {
            exchange.sendResponseHeaders(401, -1);
          }
          exchange.close();
        });
    server.start();
    return server;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> approveInChromium(Path playwright, String link) throws Exception {
    Path script = Path.of(getClass().getResource("browser/approve.cjs").toURI());
    Path errors = temp.resolve("playwright.err");
    Process node =
        new ProcessBuilder(
                "node", script.toString(), playwright.toString(), CHROMIUM.toString(), link)
            .redirectError(errors.toFile())
            .start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> {
          try (InputStream in = node.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
    if (!node.waitFor(90, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new AssertionError("the browser did not finish within 90 s");
    }
    assertThat(node.exitValue())
        .as("the Playwright script failed: %s", Files.readString(errors))
        .isZero();
    return json.readValue(out.get(10, TimeUnit.SECONDS).strip(), Map.class);
  }

  /** {@code target/playwright/node_modules/playwright-core}, installed with npm when missing. */
  private static Path playwrightCore() throws Exception {
    // playwright-core downloads no browser: it drives the system's Chromium.
    return NpmPackages.install(
            Path.of("target", "playwright"), Map.of("playwright-core", PLAYWRIGHT_VERSION))
        .resolve("playwright-core");
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
