package dev.sallyport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.config.ToolPins;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.connector.mcp.PinReview;
import dev.sallyport.gateway.GatewayServer;
import dev.sallyport.grant.GrantAlgorithm;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ConditionCompiler;
import dev.sallyport.policy.InMemoryAgentStandings;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.policy.InMemorySessionHistory;
import dev.sallyport.store.sqlite.ApprovalKeyFiles;
import dev.sallyport.store.sqlite.GrantKeyFiles;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteApprovalStore;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqliteNonceLedger;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sallyport as {@code ./sallyport serve} runs it, for the load benchmark: the quickstart deployment
 * with two upstream MCP connectors added ({@code fast}: the in-process {@link EchoMcpServer} over
 * Streamable HTTP; {@code stdio}: the Node echo server), their {@code echo} tools pinned and
 * permitted for finance-bot, and the durable stores of a data folder: the SQLite audit log (group
 * commit), session history, ledger, nonces of the grants (Ed25519 keys in files), approvals. Or,
 * for comparison only, the same without any durable store.
 */
final class GatewayUnderLoad implements AutoCloseable {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String AGENT = "finance-bot";

  private final TestingIssuer issuer = new TestingIssuer();
  private final SqliteDatabase database;
  private final SqliteAuditLog audit;
  private final SqliteSessionHistory history;
  private final SqliteLedger ledger;
  private final SqliteNonceLedger nonces;
  private final SqlitePhaseSchedule phases;
  private final SqliteApprovalStore approvals;
  private final GatewayServer server;

  /**
   * @param durable the stores of {@code serve}; when false, the same path with nothing durable (no
   *     audit log, sessions and nonces in memory, ephemeral keys), to tell the stores' share of the
   *     latency from the rest of the gateway's
   */
  GatewayUnderLoad(
      Path folder, URI fastUpstream, List<String> stdioCommand, int maxSessions, boolean durable)
      throws Exception {
    Path config = ExampleDeployments.copy("quickstart", folder.resolve("config"));
    issuer.writeJwks(config);
    ExampleDeployments.edit(
        config,
        "tenants/acme/tenant.yaml",
        "connectors:\n",
        "connectors:\n"
            + "  fast:\n    type: mcp\n    url: "
            + fastUpstream
            + "\n    timeout_ms: 10000\n"
            + "  stdio:\n    type: mcp\n    command: ["
            + String.join(", ", stdioCommand.stream().map(c -> "\"" + c + "\"").toList())
            + "]\n    timeout_ms: 10000\n");
    ExampleDeployments.edit(
        config,
        "tenants/acme/tenant.yaml",
        "tools: [invoices.*, payments.pay_supplier,",
        "tools: [invoices.*, fast.*, stdio.*, payments.pay_supplier,");
    Files.writeString(
        config.resolve("sallyport.yaml"),
        "\nmcp:\n  sessions_per_principal: " + maxSessions + "\n",
        StandardOpenOption.APPEND);
    Files.writeString(
        config.resolve("tenants/acme/tools.yaml"),
        """

          - name: fast.echo
            connector: fast
            effect: read
            mcp: {tool: echo}
          - name: stdio.echo
            connector: stdio
            effect: read
            mcp: {tool: echo}
        """,
        StandardOpenOption.APPEND);
    Files.writeString(
        config.resolve("tenants/acme/policies/bench.yaml"),
        """
        rules:
          - id: permit-echo
            effect: permit
            tools: [fast.echo, stdio.echo]
            reason: The benchmark's echo tools are harmless.
        """);
    pinAll(config);
    Deployment deployment = load(config);

    Path data = Files.createDirectories(folder.resolve("data"));
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    database = SqliteDatabase.open(data);
    audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    history = new SqliteSessionHistory(database);
    ledger =
        new SqliteLedger(database, new LedgerSigningKeys(data, "sallyport.local", random), clock);
    nonces = new SqliteNonceLedger(database, clock);
    phases = new SqlitePhaseSchedule(database);
    approvals = new SqliteApprovalStore(database);
    InMemoryAgentStandings standings = new InMemoryAgentStandings();
    // An established agent: enforced, not in its first dry run.
    standings.promote(ACME, AGENT);
    GrantKeyFiles keys =
        GrantKeyFiles.signing(
            data, GrantAlgorithm.valueOf(deployment.executor().grantAlgorithm().name()), random);
    server =
        GatewayServer.start(
            new GatewayServer.Parts(
                deployment,
                durable ? audit : new NoAuditLog(),
                ledger,
                durable ? history : new InMemorySessionHistory(),
                new InMemoryKillSwitches(),
                clock,
                standings,
                phases),
            durable
                ? new GatewayServer.Grants(
                    keys, keys.verifyingView(), nonces, CredentialSource.none())
                : GatewayServer.Grants.ephemeral(clock),
            new GatewayServer.Approvals(
                approvals,
                new ApprovalKeyFiles(data, deployment.tenants().keySet(), random),
                System::getenv),
            "127.0.0.1",
            0);
  }

  private static Deployment load(Path config) throws ConfigException {
    return new DeploymentLoader(new ConditionCompiler()).load(config);
  }

  /** What an operator does with {@code ./sallyport tools pin} before starting the gateway. */
  private static void pinAll(Path config) throws IOException, ConfigException {
    Deployment deployment = load(config);
    try (HttpClient client = HttpClient.newHttpClient();
        ExecutorCatalog catalog = ExecutorCatalog.from(deployment, client, new ObjectMapper())) {
      List<PinReview.Entry> review =
          PinReview.review(deployment.tenants().get(ACME), catalog.mcpUpstreams(ACME));
      if (review.size() != 2 || !review.stream().allMatch(e -> e.current().isPresent())) {
        throw new IllegalStateException("expected the two echo tools upstream: " + review);
      }
      ToolPins pins =
          PinReview.accept(
              ToolPins.NONE, review, review.stream().map(PinReview.Entry::tool).toList());
      Files.write(
          config.resolve("tenants/acme/" + ToolPins.FILE),
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(pins.toJson()));
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port() + "/mcp");
  }

  /** A token for finance-bot that outlives any run (the testing issuer's own last 10 minutes). */
  String token() {
    Instant now = Instant.now();
    return issuer.sign(
        TestingIssuer.agentClaims(ACME.value(), AGENT, now)
            .expirationTime(java.util.Date.from(now.plus(Duration.ofHours(12))))
            .build(),
        header -> header);
  }

  @Override
  public void close() throws Exception {
    server.close();
    approvals.close();
    phases.close();
    nonces.close();
    ledger.close();
    history.close();
    audit.close();
  }
}
