package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.executor.ExecutorAudit;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.credential.CredentialStores;
import dev.sallyport.gateway.GatewayServer;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.store.sqlite.ApprovalKeyFiles;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteAgentStandings;
import dev.sallyport.store.sqlite.SqliteApprovalStore;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqliteNonceLedger;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-process deployment: the gateway on the embedded SQLite store in a data folder, with
 * the tenant ledgers checkpointed every second and pruned by retention every hour. What {@code
 * serve} runs, and what {@code demo} runs on a loopback port.
 */
final class EmbeddedGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedGateway.class);

  /** The SQLite file inside a data folder. */
  static final String DATABASE_FILE = "sallyport.db";

  /** The host part of every ledger origin: {@code sallyport.local/TENANT}. */
  static final String LEDGER_ORIGIN_HOST = "sallyport.local";

  /** How long an audit append may wait for its commit before the action is refused. */
  private static final Duration AUDIT_COMMIT_TIMEOUT = Duration.ofSeconds(5);

  private final SqliteAuditLog audit;
  private final SqliteSessionHistory history;
  private final SqliteLedger ledger;
  private final ScheduledExecutorService checkpointer;
  private final RetentionSchedule retention;
  private final GatewayServer server;
  private final SiemExport siem;
  private final SqliteNonceLedger nonces;
  private final SqliteAgentStandings standings;
  private final SqlitePhaseSchedule phases;
  private final Optional<CredentialStores> credentials;
  private final PromotionRecorder promotions;
  private final SqliteApprovalStore approvals;

  private EmbeddedGateway(
      SqliteAuditLog audit,
      SqliteSessionHistory history,
      SqliteLedger ledger,
      ScheduledExecutorService checkpointer,
      RetentionSchedule retention,
      GatewayServer server,
      SiemExport siem,
      SqliteNonceLedger nonces,
      SqliteAgentStandings standings,
      SqlitePhaseSchedule phases,
      Optional<CredentialStores> credentials,
      PromotionRecorder promotions,
      SqliteApprovalStore approvals) {
    this.approvals = approvals;
    this.nonces = nonces;
    this.standings = standings;
    this.phases = phases;
    this.credentials = credentials;
    this.promotions = promotions;
    this.audit = audit;
    this.history = history;
    this.ledger = ledger;
    this.checkpointer = checkpointer;
    this.retention = retention;
    this.server = server;
    this.siem = siem;
  }

  /** The ledger of a data folder, for the {@code ledger} commands. */
  static SqliteLedger openLedger(Path data, Clock clock) {
    return ledger(SqliteDatabase.open(data), data, clock);
  }

  static SqliteLedger ledger(SqliteDatabase database, Path data, Clock clock) {
    return new SqliteLedger(
        database, new LedgerSigningKeys(data, LEDGER_ORIGIN_HOST, new SecureRandom()), clock);
  }

  static EmbeddedGateway start(Deployment deployment, Path data, String host, int port)
      throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    SqliteAuditLog audit = new SqliteAuditLog(database, AUDIT_COMMIT_TIMEOUT);
    SqliteSessionHistory history = new SqliteSessionHistory(database);
    SqliteLedger ledger = ledger(database, data, Clock.systemUTC());
    // Spent grants, for the in-process executor: durable, so a restart reopens no replay.
    SqliteNonceLedger nonces = new SqliteNonceLedger(database, Clock.systemUTC());
    // A checkpoint every second when a log grew. A failure here is an alarm (a tree that is not
    // consistent with what was signed), never a reason to sign anyway.
    ScheduledExecutorService checkpointer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("checkpointer").factory());
    checkpointer.scheduleWithFixedDelay(
        () -> {
          try {
            ledger.checkpointAll();
          } catch (RuntimeException e) {
            LOG.error("ledger checkpoint failed: {}", e.getMessage());
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
    RetentionSchedule retention =
        RetentionSchedule.start(
            database,
            ledger,
            audit,
            deployment.ledger().retention(),
            SiemExport.hold(deployment, data),
            Clock.systemUTC());
    SqliteAgentStandings standings = new SqliteAgentStandings(database);
    SqlitePhaseSchedule phases = new SqlitePhaseSchedule(database);
    SqliteApprovalStore approvals = new SqliteApprovalStore(database);
    SiemExport siem = null;
    Optional<CredentialStores> credentials = Optional.empty();
    PromotionRecorder promotions = null;
    try {
      // Before the server binds: a sink that cannot start as configured refuses the whole start.
      siem = SiemExport.start(deployment, database, data, Clock.systemUTC());
      // The in-process executor's credentials, lease.* events to the tenant's ledger. With a
      // separate executor, the credentials are that process's alone: none are opened here.
      if (deployment.executor().url().isEmpty()) {
        credentials =
            Optional.of(
                CredentialStores.open(
                    deployment,
                    new ExecutorAudit(
                        audit,
                        Clock.systemUTC(),
                        new TimeOrderedIds(Clock.systemUTC(), new SecureRandom())),
                    Clock.systemUTC(),
                    System.getenv()));
      }
      // Promotions written while the gateway was down take effect before it takes calls.
      promotions =
          PromotionRecorder.start(
              standings, deployment.tenants().keySet(), audit, Clock.systemUTC());
      GatewayServer server =
          GatewayServer.start(
              new GatewayServer.Parts(
                  deployment,
                  audit,
                  ledger,
                  history,
                  new InMemoryKillSwitches(),
                  Clock.systemUTC(),
                  standings,
                  phases),
              ExecutorProcess.grants(
                  deployment,
                  data,
                  nonces,
                  credentials.map(CredentialStores::source).orElse(CredentialSource.none())),
              // Pending approvals and their keys in the data folder: links already sent, and
              // held calls, survive a restart.
              new GatewayServer.Approvals(
                  approvals,
                  new ApprovalKeyFiles(data, deployment.tenants().keySet(), new SecureRandom()),
                  System::getenv),
              host,
              port);
      siem.exporters().bindTo(server.metrics());
      return new EmbeddedGateway(
          audit,
          history,
          ledger,
          checkpointer,
          retention,
          server,
          siem,
          nonces,
          standings,
          phases,
          credentials,
          promotions,
          approvals);
    } catch (Exception | Error e) {
      if (siem != null) {
        siem.close();
      }
      if (promotions != null) {
        promotions.close();
      }
      credentials.ifPresent(CredentialStores::close);
      standings.close();
      phases.close();
      approvals.close();
      checkpointer.shutdownNow();
      retention.close();
      ledger.close();
      audit.close();
      history.close();
      nonces.close();
      throw e;
    }
  }

  int port() {
    return server.port();
  }

  AuditLog audit() {
    return audit;
  }

  SqliteLedger ledger() {
    return ledger;
  }

  Optional<CredentialStores> credentials() {
    return credentials;
  }

  SqliteAgentStandings standings() {
    return standings;
  }

  SqlitePhaseSchedule phases() {
    return phases;
  }

  PromotionRecorder promotions() {
    return promotions;
  }

  void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      checkpointer.shutdownNow();
      retention.close();
      promotions.close();
      // Every lease still open is revoked (and recorded) before the ledger closes.
      credentials.ifPresent(CredentialStores::close);
      // No new events after the server stopped: what is pending goes out within a few seconds.
      siem.close();
      try {
        checkpointer.awaitTermination(5, TimeUnit.SECONDS);
        // The last events get their checkpoint before the process goes.
        ledger.checkpointAll();
      } finally {
        ledger.close();
        audit.close();
        history.close();
        nonces.close();
        standings.close();
        phases.close();
        approvals.close();
      }
    }
  }
}
