package dev.sallyport.gateway;

import static java.util.Objects.requireNonNull;

import dev.sallyport.approval.ApprovalKeys;
import dev.sallyport.approval.ApprovalStore;
import dev.sallyport.approval.DecisionSigner;
import dev.sallyport.approval.InMemoryApprovalStore;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.config.ConsoleConfig;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.ExecutorSettings;
import dev.sallyport.config.GuardSettings;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.executor.ActionExecutor;
import dev.sallyport.executor.DispatchRecovery;
import dev.sallyport.executor.ExecutorAudit;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.VerifyingExecutor;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.http.RemoteExecutor;
import dev.sallyport.gateway.approval.ApprovalGate;
import dev.sallyport.gateway.approval.ApprovalNotices;
import dev.sallyport.gateway.approval.ApprovalNotifier;
import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.gateway.console.ConsoleRoutes;
import dev.sallyport.gateway.guard.ProvenanceExtractor;
import dev.sallyport.gateway.guard.ResultGuard;
import dev.sallyport.gateway.guard.SessionDelimiters;
import dev.sallyport.gateway.guard.SessionTasks;
import dev.sallyport.gateway.http.ApiHandler;
import dev.sallyport.gateway.http.BearerAuthentication;
import dev.sallyport.gateway.http.IngressHandler;
import dev.sallyport.gateway.http.JsonBodies;
import dev.sallyport.gateway.identity.IdpClient;
import dev.sallyport.gateway.identity.IssuerKeyring;
import dev.sallyport.gateway.identity.KeyRefreshSchedule;
import dev.sallyport.gateway.identity.ProtectedResourceMetadata;
import dev.sallyport.gateway.identity.TokenAuthenticator;
import dev.sallyport.gateway.ingress.IngressGate;
import dev.sallyport.gateway.ingress.RefusalRecorder;
import dev.sallyport.gateway.mcp.McpEndpoint;
import dev.sallyport.gateway.mcp.McpMethods;
import dev.sallyport.gateway.mcp.McpOrigins;
import dev.sallyport.gateway.mcp.McpPassThrough;
import dev.sallyport.gateway.mcp.McpSessions;
import dev.sallyport.gateway.mcp.McpToolCatalog;
import dev.sallyport.gateway.phase.PhaseScheduler;
import dev.sallyport.gateway.phase.TwoPhaseActions;
import dev.sallyport.grant.Ed25519SigningKey;
import dev.sallyport.grant.GrantKeyset;
import dev.sallyport.grant.GrantKeysets;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.grant.InMemoryNonceLedger;
import dev.sallyport.grant.NonceLedger;
import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.GuardLimits;
import dev.sallyport.guards.pii.PiiScanner;
import dev.sallyport.guards.screen.InjectionScreen;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.mcp.JsonRpcCodec;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.policy.AgentStandings;
import dev.sallyport.policy.KillSwitches;
import dev.sallyport.policy.PhaseSchedule;
import dev.sallyport.policy.PolicyEngine;
import dev.sallyport.policy.SessionHistory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway graph by hand, in pipeline order, and serves it over HTTP. The one place where
 * components are wired.
 */
public final class GatewayServer implements AutoCloseable {
  private final Server server;
  private final ExecutorCatalog catalog;
  private final McpSessions mcpSessions;
  private final ExecutorService virtualThreads;
  private final HttpClient httpClient;
  private final MeterRegistry metrics;
  private final ScheduledExecutorService sweeper;
  private final ToolCallPipeline pipeline;
  private final Optional<ApprovalNotifier> notifier;

  /**
   * The parts a gateway is built from; stores and clock are passed in so that tests and the demo
   * choose them.
   *
   * @param agentStandings which agents an administrator promoted out of their first dry run
   * @param phases the hard steps of two-phase actions waiting for their window; durable in
   *     production, so that a restart neither loses nor repeats one
   */
  public record Parts(
      Deployment deployment,
      AuditLog auditLog,
      LedgerReader ledger,
      SessionHistory sessionHistory,
      KillSwitches killSwitches,
      Clock clock,
      AgentStandings agentStandings,
      PhaseSchedule phases) {}

  /**
   * What grants are signed with and, for the in-process executor, verified and spent against.
   *
   * @param signingKeys each tenant's keys; the primary signs
   * @param verifyingKeys what the in-process executor verifies with (public keys for Ed25519)
   * @param nonces where the in-process executor records spent grants; durable in production
   * @param credentials where the in-process executor leases connector credentials
   */
  public record Grants(
      GrantKeysets signingKeys,
      GrantKeysets verifyingKeys,
      NonceLedger nonces,
      CredentialSource credentials) {
    public Grants {
      requireNonNull(signingKeys, "signingKeys is null");
      requireNonNull(verifyingKeys, "verifyingKeys is null");
      requireNonNull(nonces, "nonces is null");
      requireNonNull(credentials, "credentials is null");
    }

    /**
     * Keys that live as long as this object (a fresh Ed25519 key per tenant), nonces in memory, no
     * credentials: a restart voids every outstanding grant along with the keys, so forgetting the
     * nonces reopens no replay. For tests and embeddings without a data folder.
     */
    public static Grants ephemeral(Clock clock) {
      SecureRandom random = new SecureRandom();
      Map<TenantId, GrantKeyset> keys = new ConcurrentHashMap<>();
      GrantKeysets signing =
          tenant ->
              keys.computeIfAbsent(
                  tenant,
                  t -> GrantKeyset.withPrimary(t, Ed25519SigningKey.generate("ephemeral", random)));
      return new Grants(
          signing,
          tenant -> signing.forTenant(tenant).withoutSecrets(),
          new InMemoryNonceLedger(clock, 1_000_000),
          CredentialSource.none());
    }
  }

  /**
   * Where held calls wait and what signs their outcomes.
   *
   * @param store approvals, durable in production so pending ones survive a restart
   * @param keys each tenant's Ed25519 key pair for outcome records and approval links; durable in
   *     production, so that links already sent still open after a restart
   * @param environment the server's environment variables, for the secrets that the console and the
   *     notification channels name by variable
   */
  public record Approvals(
      ApprovalStore store, ApprovalKeys keys, Function<String, String> environment) {
    public Approvals {
      requireNonNull(store, "store is null");
      requireNonNull(keys, "keys is null");
      requireNonNull(environment, "environment is null");
    }

    /** Approvals in memory with keys that live as long as this object: for tests and embeddings. */
    public static Approvals ephemeral() {
      Map<TenantId, KeyPair> keys = new ConcurrentHashMap<>();
      return new Approvals(
          new InMemoryApprovalStore(),
          tenant -> Optional.of(keys.computeIfAbsent(tenant, t -> ed25519KeyPair())),
          System::getenv);
    }

    /** A new Ed25519 key pair. */
    public static KeyPair ed25519KeyPair() {
      try {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Ed25519 is missing from this JDK", e);
      }
    }
  }

  private GatewayServer(
      Server server,
      ExecutorService virtualThreads,
      HttpClient httpClient,
      MeterRegistry metrics,
      ScheduledExecutorService sweeper,
      ToolCallPipeline pipeline,
      Optional<ApprovalNotifier> notifier,
      ExecutorCatalog catalog,
      McpSessions mcpSessions) {
    this.catalog = catalog;
    this.mcpSessions = mcpSessions;
    this.notifier = notifier;
    this.sweeper = sweeper;
    this.pipeline = pipeline;
    this.server = server;
    this.virtualThreads = virtualThreads;
    this.httpClient = httpClient;
    this.metrics = metrics;
  }

  /**
   * Wires the gateway, records {@code config.loaded} for every tenant, and starts listening.
   *
   * @param port the port, or 0 for any free one
   * @throws Exception when the port cannot be bound or the audit log cannot take the load event
   */
  public static GatewayServer start(Parts parts, String host, int port) throws Exception {
    return start(parts, Grants.ephemeral(parts.clock()), host, port);
  }

  /**
   * Wires the gateway with its grant keys, nonce ledger and credentials, flags dispatches left
   * without an outcome by a crash (in-process executor), records {@code config.loaded} for every
   * tenant, and starts listening.
   *
   * @param port the port, or 0 for any free one
   * @throws Exception when the port cannot be bound or the audit log cannot take the start events
   */
  public static GatewayServer start(Parts parts, Grants grants, String host, int port)
      throws Exception {
    return start(parts, grants, Approvals.ephemeral(), host, port);
  }

  /**
   * Wires the gateway with its grants and its approvals, settles approvals a restart left final but
   * unsettled, and starts listening; held calls are swept every second for expiry.
   */
  public static GatewayServer start(
      Parts parts, Grants grants, Approvals approvals, String host, int port) throws Exception {
    Clock clock = parts.clock();
    TimeOrderedIds ids = new TimeOrderedIds(clock, new SecureRandom());
    ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient httpClient =
        HttpClient.newBuilder()
            .executor(virtualThreads)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    JsonBodies json = new JsonBodies();
    ExecutorCatalog catalog = ExecutorCatalog.from(parts.deployment(), httpClient, json.mapper());

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AuditRecorder audit = new AuditRecorder(parts.auditLog(), clock, ids);
    for (TenantConfig tenant : parts.deployment().tenants().values()) {
      audit.configLoaded(tenant.id(), tenant.policy().version());
    }
    ExecutorSettings executorSettings = parts.deployment().executor();
    ActionExecutor executor;
    if (executorSettings.url().isPresent()) {
      // A separate executor holds the credentials and sends; this process only signs and asks.
      executor =
          new RemoteExecutor(executorSettings.url().get(), httpClient, executorSettings.timeout());
    } else {
      // Embedded: the same verification as a separate executor, in this process, never skipped.
      ExecutorAudit executorAudit = new ExecutorAudit(parts.auditLog(), clock, ids);
      DispatchRecovery recovery = new DispatchRecovery(parts.auditLog(), executorAudit);
      for (TenantId tenant : parts.deployment().tenants().keySet()) {
        recovery.flagUnresolved(tenant);
      }
      executor =
          new VerifyingExecutor(
              catalog,
              new GrantVerifier(
                  grants.verifyingKeys(), grants.nonces(), clock, executorSettings.clockSkew()),
              executorAudit,
              grants.credentials());
    }
    // Two-phase tools: the soft step is the tool's call; the hard step follows after the window,
    // with a grant of its own. Wrapping the executor catches every soft step, approved ones too.
    TwoPhaseActions twoPhase =
        new TwoPhaseActions(
            parts.deployment().policies(),
            parts.phases(),
            catalog,
            new GrantSigner(
                grants.signingKeys(), clock, new SecureRandom(), executorSettings.grantLifetime()),
            executor,
            parts.killSwitches(),
            parts.auditLog(),
            clock,
            ids);
    // Before taking calls: a later step a crash interrupted is flagged, never run again.
    twoPhase.recover();
    executor = twoPhase.schedulingAfterSoftSteps(executor);
    // Links in notices open the console's approval pages: no console, no notices (the loader
    // refuses notifications without one).
    LinkTokens links = new LinkTokens(approvals.keys(), clock);
    Optional<ConsoleConfig> consoleConfig = parts.deployment().console();
    Optional<ApprovalNotifier> notifier = Optional.empty();
    if (consoleConfig.isPresent()) {
      notifier =
          Optional.of(
              ApprovalNotifier.start(
                  parts.deployment().tenants().values(),
                  consoleConfig.get().publicOrigin(),
                  links,
                  httpClient,
                  approvals.environment(),
                  approvals.store(),
                  audit,
                  metrics,
                  clock));
    }
    PolicyEngine policy =
        new PolicyEngine(
            parts.deployment().policies(),
            parts.sessionHistory(),
            parts.killSwitches(),
            parts.agentStandings());
    // Guards on the path: every result is screened and marked before the agent sees it.
    ProvenanceExtractor provenance =
        new ProvenanceExtractor(
            new PiiScanner(
                BuiltInDetectors.identifiers(),
                GuardLimits.defaults(),
                BuiltInDetectors.DEFAULT_MIN_CONFIDENCE));
    ResultGuard resultGuard =
        new ResultGuard(
            policy,
            tenant ->
                Optional.ofNullable(parts.deployment().tenants().get(tenant))
                    .map(TenantConfig::guards)
                    .orElse(GuardSettings.DEFAULT),
            parts.sessionHistory(),
            InjectionScreen.withDefaults(),
            provenance,
            new SessionDelimiters(new SecureRandom()),
            audit,
            clock);
    ToolCallPipeline pipeline =
        new ToolCallPipeline(
            policy,
            audit,
            parts.sessionHistory(),
            catalog,
            new GrantSigner(
                grants.signingKeys(), clock, new SecureRandom(), executorSettings.grantLifetime()),
            executor,
            clock,
            ids,
            new DecisionMetrics(metrics),
            new ApprovalGate.Parts(
                parts.deployment(),
                approvals.store(),
                new DecisionSigner(approvals.keys()),
                new SecureRandom(),
                notifier.<ApprovalNotices>map(n -> n).orElse(ApprovalNotices.NONE)),
            resultGuard);
    // Keys of a jwks_file are read now (a bad file stops the start); keys from the network are
    // fetched by the schedule, and refreshed by it on the clock.
    IssuerKeyring issuerKeys =
        IssuerKeyring.load(parts.deployment().identity(), new IdpClient(httpClient), clock);
    TokenAuthenticator authenticator =
        new TokenAuthenticator(parts.deployment(), issuerKeys, clock);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("http");
    threads.setVirtualThreadsExecutor(virtualThreads);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.addManaged(new KeyRefreshSchedule(issuerKeys, Duration.ofSeconds(1)));
    server.addManaged(new PhaseScheduler(twoPhase, PhaseScheduler.DEFAULT_TICK));
    // Bound before the handler is built: without a configured resource, the RFC 9728 metadata
    // names the address actually listened on.
    connector.open();
    ProtectedResourceMetadata resourceMetadata =
        ProtectedResourceMetadata.of(
            parts.deployment().identity(),
            new URI("http", null, host, connector.getLocalPort(), null, null, null));
    // Ingress first: a request from a source its route group does not allow is refused before
    // anything reads its token or its body.
    IngressGate ingress =
        new IngressGate(
            parts.deployment().ingress(),
            new RefusalRecorder(audit, parts.deployment().tenants().keySet(), clock),
            metrics);
    Handler api =
        new ApiHandler(
            authenticator,
            resourceMetadata,
            pipeline,
            parts.auditLog(),
            metrics,
            parts.ledger(),
            json,
            new SessionTasks(parts.sessionHistory(), provenance, audit, clock));
    // /mcp before the API, which answers every other path.
    JsonRpcCodec mcpCodec = new JsonRpcCodec();
    McpSessions mcpSessions =
        new McpSessions(
            clock,
            parts.deployment().mcp().sessionIdle(),
            parts.deployment().mcp().sessionsPerPrincipal());
    api =
        new Handler.Sequence(
            new McpEndpoint(
                new BearerAuthentication(authenticator, resourceMetadata, json),
                new McpOrigins(consoleConfig.map(ConsoleConfig::publicOrigin)),
                mcpSessions,
                new McpMethods(
                    pipeline,
                    new McpToolCatalog(parts.deployment(), catalog, audit),
                    parts.deployment().mcp().approvalWait(),
                    mcpCodec.json(),
                    new McpPassThrough(parts.deployment(), catalog, pipeline)),
                mcpCodec),
            api);
    if (consoleConfig.isPresent()) {
      // Behind ingress (the console route group), before the API: each answers only its paths.
      api =
          new Handler.Sequence(
              ConsoleRoutes.build(
                  consoleConfig.get(),
                  httpClient,
                  approvals.environment(),
                  authenticator::person,
                  approvals.store(),
                  links,
                  pipeline.approvals(),
                  clock),
              api);
    }
    server.setHandler(new IngressHandler(ingress, json, api));
    server.setStopTimeout(5_000);
    server.start();
    // Expired approvals are denied, and approvals a crash left decided but unsettled are finished.
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("approval-sweeper").factory());
    ApprovalGate gate = pipeline.approvals();
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            gate.sweep();
          } catch (RuntimeException e) {
            LoggerFactory.getLogger(GatewayServer.class)
                .error("approval sweep failed: {}", e.getClass().getName());
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
    return new GatewayServer(
        server,
        virtualThreads,
        httpClient,
        metrics,
        sweeper,
        pipeline,
        notifier,
        catalog,
        mcpSessions);
  }

  /** How many MCP sessions are open. */
  public int openMcpSessions() {
    return mcpSessions.size();
  }

  /** Where held calls wait: for the approval pages, which report votes to it. */
  public ApprovalGate approvals() {
    return pipeline.approvals();
  }

  /**
   * The registry {@code /metrics} serves, for parts wired beside the gateway to add their meters.
   */
  public MeterRegistry metrics() {
    return metrics;
  }

  /** The port the server listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    sweeper.shutdownNow();
    notifier.ifPresent(ApprovalNotifier::close);
    server.stop();
    catalog.close();
    httpClient.close();
    virtualThreads.close();
  }
}
