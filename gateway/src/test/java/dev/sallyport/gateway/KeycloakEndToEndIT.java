package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.Deployment;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
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
import dev.sallyport.testing.Eventually;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4 end to end against a real Keycloak 26.7.3, started from its Maven Central distribution
 * ({@code bin/kc.sh start-dev}, in-memory database) with the realm in {@code
 * keycloak/sallyport-realm.json}: an agent client with client credentials, the console's
 * confidential client with PKCE enforced, a person in a group that the tenant maps to an approver
 * role, and an audience mapper so that tokens are minted for Sallyport.
 *
 * <p>Runs only in the {@code keycloak} Maven profile, which unpacks the distribution into {@code
 * target/keycloak} and passes its folder as {@code keycloak.home}: {@code ./mvnw -B -Pkeycloak -pl
 * gateway verify}. Keycloak needs Java 21+; it runs on this test's JDK.
 */
class KeycloakEndToEndIT {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String REALM = "sallyport";
  private static final String AGENT = "finance-bot";
  private static final String AGENT_SECRET = "finance-bot-secret-2026";
  private static final String CONSOLE = "sallyport-console";
  private static final String CONSOLE_SECRET = "console-secret-2026";
  private static final Duration STARTUP = Duration.ofMinutes(5);

  private static Process keycloak;
  private static String keycloakBase;

  @TempDir Path temp;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Clock clock = Clock.systemUTC();
  private FakeUpstream upstream;
  private SqliteDatabase database;
  private SqliteAuditLog audit;
  private SqliteSessionHistory history;
  private SqlitePhaseSchedule phases;
  private SqliteApprovalStore approvals;
  private SqliteLedger ledger;
  private GatewayServer gateway;
  private String origin;

  @BeforeAll
  static void startKeycloak() throws Exception {
    String home = System.getProperty("keycloak.home");
    assumeTrue(
        home != null && Files.isExecutable(Path.of(home, "bin/kc.sh")),
        "no Keycloak distribution: run with -Pkeycloak (keycloak.home=" + home + ")");
    Path kc = Path.of(home);
    Path imports = Files.createDirectories(kc.resolve("data/import"));
    try (var realm =
        KeycloakEndToEndIT.class.getResourceAsStream("/keycloak/sallyport-realm.json")) {
      Files.copy(
          realm, imports.resolve("sallyport-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    }
    int port = GatewayFixture.freePort();
    keycloakBase = "http://127.0.0.1:" + port;
    ProcessBuilder builder =
        new ProcessBuilder(
                kc.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + port,
                "--http-management-port=" + GatewayFixture.freePort(),
                "--db=dev-mem",
                "--import-realm")
            .redirectErrorStream(true)
            .redirectOutput(kc.resolve("keycloak.log").toFile());
    // Keycloak needs Java 21+: the JDK this test runs on (the temurin 25 JDK of the build).
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("JAVA_OPTS");
    long started = System.nanoTime();
    keycloak = builder.start();
    HttpClient probe = HttpClient.newHttpClient();
    URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
    Eventually.until(
        "Keycloak serves the realm (log: " + kc.resolve("keycloak.log") + ")",
        STARTUP,
        () -> {
          if (!keycloak.isAlive()) {
            throw new AssertionError("Keycloak exited: see " + kc.resolve("keycloak.log"));
          }
          try {
            return probe
                    .send(
                        HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
    System.out.printf(
        "Keycloak ready at %s after %d s%n",
        keycloakBase, Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  @AfterAll
  static void stopKeycloak() throws Exception {
    if (keycloak != null) {
      keycloak.descendants().forEach(ProcessHandle::destroy);
      keycloak.destroy();
      if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
        keycloak.descendants().forEach(ProcessHandle::destroyForcibly);
        keycloak.destroyForcibly();
      }
    }
  }

  private static String issuer() {
    return keycloakBase + "/realms/" + REALM;
  }

  @BeforeEach
  void startGateway() throws Exception {
    upstream = new FakeUpstream();
    int port = GatewayFixture.freePort();
    origin = "http://127.0.0.1:" + port;
    Deployment deployment = GatewayFixture.load(deployment());
    database = SqliteDatabase.open(temp.resolve("data"));
    audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    history = new SqliteSessionHistory(database);
    phases = new SqlitePhaseSchedule(database);
    approvals = new SqliteApprovalStore(database);
    ledger =
        new SqliteLedger(
            database,
            new LedgerSigningKeys(temp.resolve("data"), "sallyport.local", new SecureRandom()),
            clock);
    InMemoryAgentStandings standings = new InMemoryAgentStandings();
    standings.promote(ACME, AGENT);
    gateway =
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
                new ApprovalKeyFiles(
                    temp.resolve("data"), deployment.tenants().keySet(), new SecureRandom()),
                name -> null),
            "127.0.0.1",
            port);
  }

  @AfterEach
  void stopGateway() throws Exception {
    gateway.close();
    for (AutoCloseable c : new AutoCloseable[] {approvals, audit, history, phases, ledger}) {
      c.close();
    }
    upstream.close();
    http.close();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anAgentsClientCredentialsTokenFromKeycloakReachesTheToolThroughSallyport() throws Exception {
    String token = agentToken();
    Map<String, Object> claims = claims(token);
    System.out.println("Keycloak agent token: header " + header(token) + ", claims " + claims);
    assertThat(claims).containsEntry("iss", issuer()).containsEntry("client_id", AGENT);

    HttpResponse<String> answer =
        post(token, "invoices.list", Map.of("status", "open"), "keycloak-agent");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(json.readValue(answer.body(), Map.class))
        .containsEntry("status", "executed")
        .containsEntry("decision", "allow");
    assertThat(upstream.received())
        .singleElement()
        .satisfies(r -> assertThat(r.method() + " " + r.path()).isEqualTo("GET /erp/invoices"));
    assertThat(audit.read(ACME, 0, 1000))
        .anySatisfy(e -> {
          assertThat(e.type()).isEqualTo("decision");
          assertThat(e.actor()).isEqualTo(AGENT);
        });

    // The same agent's token with one character of its signature changed is refused.
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertThat(post(tampered, "invoices.list", Map.of(), "keycloak-agent").statusCode())
        .isEqualTo(401);
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aPersonSignsInAtKeycloakWithPkceInChromiumAndApprovesTheHeldCall() throws Exception {
    ChromiumScripts chromium = ChromiumScripts.require(temp.resolve("playwright.err"));
    String token = agentToken();
    HttpResponse<String> held =
        post(token, "payments.pay_supplier", GatewayFixture.payment(9000), "keycloak-payment");
    assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
    String actionId = (String) json.readValue(held.body(), Map.class).get("action_id");
    CompletableFuture<HttpResponse<String>> waiting =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(origin + "/v1/actions/" + actionId + "?wait=60"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    Map<String, Object> browser =
        chromium.run(
            "keycloak-approve.cjs", origin + "/approvals/" + actionId, "fiona", "fiona-pass-2026");

    System.out.println("Chromium at Keycloak: " + browser);
    assertThat(browser.get("authorize"))
        .isEqualTo(
            Map.of(
                "code_challenge_method",
                "S256",
                "has_code_challenge",
                true,
                "has_state",
                true,
                "has_nonce",
                true));
    assertThat(((List<?>) browser.get("visited")).stream().map(String::valueOf).toList())
        .containsSubsequence(
            "/approvals/" + actionId,
            "/console/signin",
            "/realms/" + REALM + "/protocol/openid-connect/auth",
            "/console/callback",
            "/approvals/" + actionId);
    assertThat((String) browser.get("approvalPage")).contains(AGENT, "payments.pay_supplier");
    assertThat((String) browser.get("after")).contains("Recorded: approved");

    HttpResponse<String> done = waiting.get(60, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(json.readValue(done.body(), Map.class)).containsEntry("status", "executed");
    assertThat(upstream.received())
        .singleElement()
        .satisfies(r -> assertThat(r.method() + " " + r.path()).isEqualTo("POST /erp/payments"));
    List<AuditEvent> events =
        audit.read(ACME, 0, 1000).stream()
            .filter(e -> e.actionId().filter(actionId::equals).isPresent())
            .toList();
    assertThat(events.stream().map(AuditEvent::type).toList())
        .containsSubsequence(
            "approval.requested", "approval.approved", "grant.issued", "action.result");
  }

  /** The quickstart, with Keycloak trusted for agents and people and serving the console. */
  private Path deployment() throws IOException {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    new TestingIssuer().writeJwks(config);
    for (String system : List.of("erp", "mail", "crm", "directory")) {
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
    // The Keycloak rules of docs/identity.md, as they are written there.
    ExampleDeployments.edit(
        config,
        "sallyport.yaml",
        "  issuers:\n",
        "  issuers:\n"
            + "    - issuer: "
            + issuer()
            + "\n"
            + "      audience: sallyport\n"
            + "      discovery: true\n"
            + "      token_types: [at+jwt, JWT]\n"
            + "      tenants: [acme]\n"
            + "      principals:\n"
            + "        agent:\n"
            + "          match: [{preferred_username: {prefix: service-account-}}]\n"
            + "          id_claim: client_id\n"
            + "        human:\n"
            + "          match: [{sid: {present: true}}]\n"
            + "          id_claim: preferred_username\n"
            + "      group_claims: [groups, realm_access.roles]\n");
    Files.writeString(
        config.resolve("sallyport.yaml"),
        Files.readString(config.resolve("sallyport.yaml"))
            + "\nconsole:\n  issuer: "
            + issuer()
            + "\n  client_id: "
            + CONSOLE
            + "\n  client_secret_file: console-secret\n  public_origin: "
            + origin
            + "\n");
    Files.writeString(config.resolve("console-secret"), CONSOLE_SECRET + "\n");
    return config;
  }

  /** A client-credentials access token of the agent's Keycloak client. */
  private String agentToken() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id="
                            + AGENT
                            + "&client_secret="
                            + URLEncoder.encode(AGENT_SECRET, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return (String) json.readValue(response.body(), Map.class).get("access_token");
  }

  private HttpResponse<String> post(
      String token, String tool, Map<String, Object> arguments, String session) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(origin + "/v1/actions"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    json.writeValueAsBytes(
                        Map.of("tool", tool, "arguments", arguments, "session_id", session))))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> claims(String jwt) throws IOException {
    return json.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
  }

  private static String header(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
  }
}
