package dev.sallyport.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.policy.ConditionCompiler;
import dev.sallyport.policy.InMemoryAgentStandings;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.policy.SessionHistory;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteApprovalStore;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingClock;
import dev.sallyport.testing.TestingIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A gateway on the quickstart deployment, on a loopback port, with the SQLite store in a temporary
 * folder, a testing clock, a testing token issuer and a fake upstream behind every connector.
 */
final class GatewayFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

  final TestingClock clock = new TestingClock(START);
  final TestingIssuer issuer = new TestingIssuer();
  final FakeUpstream upstream;
  final Path config;
  final SqliteDatabase database;
  final SqliteAuditLog sqliteAudit;
  final SqliteSessionHistory sqliteHistory;
  final SqliteLedger ledger;
  final SqliteApprovalStore approvalStore;

  /** Starts a gateway on this fixture's stores; used again by {@link #restart}. */
  private interface Starter {
    GatewayServer start() throws Exception;
  }

  private final Starter starter;
  GatewayServer server;
  final InMemoryKillSwitches kills = new InMemoryKillSwitches();
  final InMemoryAgentStandings standings = new InMemoryAgentStandings();
  final SqlitePhaseSchedule phases;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  /** Starts on the quickstart, after {@code edit} has changed the copied deployment. */
  GatewayFixture(
      Path temp,
      DeploymentEdit edit,
      UnaryOperator<AuditLog> auditDecorator,
      UnaryOperator<SessionHistory> historyDecorator)
      throws Exception {
    this(temp, edit, auditDecorator, historyDecorator, "127.0.0.1");
  }

  /** As above, listening on {@code host} (an IP literal) instead of 127.0.0.1. */
  GatewayFixture(
      Path temp,
      DeploymentEdit edit,
      UnaryOperator<AuditLog> auditDecorator,
      UnaryOperator<SessionHistory> historyDecorator,
      String host)
      throws Exception {
    upstream = new FakeUpstream();
    config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    issuer.writeJwks(config);
    for (String system : new String[] {"erp", "mail", "crm", "directory"}) {
      ExampleDeployments.edit(
          config,
          "tenants/acme/tenant.yaml",
          "http://127.0.0.1:9801/" + system,
          upstream.baseUrl() + "/" + system);
    }
    edit.apply(config);
    Deployment deployment = load(config);
    database = SqliteDatabase.open(temp.resolve("data"));
    sqliteAudit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    sqliteHistory = new SqliteSessionHistory(database);
    phases = new SqlitePhaseSchedule(database);
    // The quickstart's established agents; offboarding-bot is new, so in dry-run until promoted.
    for (String agent : new String[] {"analyst-bot", "finance-bot"}) {
      standings.promote(dev.sallyport.model.TenantId.of("acme"), agent);
    }
    ledger =
        new SqliteLedger(
            database,
            new LedgerSigningKeys(temp.resolve("data"), "sallyport.local", new SecureRandom()),
            clock);
    approvalStore = new SqliteApprovalStore(database);
    java.util.Map<dev.sallyport.model.TenantId, java.security.KeyPair> approvalKeys =
        new java.util.concurrent.ConcurrentHashMap<>();
    starter =
        () ->
            GatewayServer.start(
                new GatewayServer.Parts(
                    deployment,
                    auditDecorator.apply(sqliteAudit),
                    ledger,
                    historyDecorator.apply(sqliteHistory),
                    kills,
                    clock,
                    standings,
                    phases),
                GatewayServer.Grants.ephemeral(clock),
                new GatewayServer.Approvals(
                    approvalStore,
                    tenant ->
                        java.util.Optional.of(
                            approvalKeys.computeIfAbsent(
                                tenant, t -> GatewayServer.Approvals.ed25519KeyPair())),
                    name -> null),
                host,
                0);
    server = starter.start();
  }

  GatewayFixture(Path temp) throws Exception {
    this(temp, dir -> {}, log -> log, history -> history);
  }

  /** A loopback port free at the moment: for servers whose address must be configured first. */
  static int freePort() throws IOException {
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  static Deployment load(Path config) throws ConfigException {
    return new DeploymentLoader(new ConditionCompiler()).load(config);
  }

  /** Changes the copied deployment before the gateway loads it. */
  interface DeploymentEdit {
    void apply(Path config) throws IOException;
  }

  /** Arguments of a valid EUR supplier payment of {@code amount}. */
  static Map<String, Object> payment(Object amount) {
    return Map.of(
        "supplier_id",
        "S-1",
        "iban",
        "DE89370400440532013000",
        "amount",
        amount,
        "currency",
        "EUR");
  }

  String token(String agent) {
    return issuer.agentToken("acme", agent, clock.instant());
  }

  Response post(String path, String token, Map<String, Object> body) throws Exception {
    return post(path, token, "application/json", json.writeValueAsBytes(body));
  }

  Response post(String path, String token, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  Response get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
  }

  Response get(String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build());
  }

  Response action(String agent, String tool, Map<String, Object> arguments) throws Exception {
    return post(
        "/v1/actions",
        token(agent),
        Map.of("tool", tool, "arguments", arguments, "session_id", "test-session"));
  }

  /** Gives the agent's session {@code test-session} its trusted task; the HTTP status. */
  int task(String agent, String task) throws Exception {
    return post("/v1/sessions/test-session/task", token(agent), Map.of("task", task)).status();
  }

  private Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body(), response.headers().map(), json);
  }

  /** Stops the gateway and starts a new one on the same database, as a process restart would. */
  void restart() throws Exception {
    server.close();
    server = starter.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() throws Exception {
    server.close();
    approvalStore.close();
    sqliteAudit.close();
    sqliteHistory.close();
    phases.close();
    ledger.close();
    upstream.close();
    http.close();
  }

  /** An HTTP answer with its JSON body parsed (when it is JSON). */
  record Response(
      int status, String body, Map<String, java.util.List<String>> headers, ObjectMapper json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
      try {
        return json.readValue(body, Map.class);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }
}
