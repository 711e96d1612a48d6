package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.gateway.GatewayServer;
import dev.sallyport.gateway.identity.IssuerKeys;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-process deployment: the gateway on the embedded SQLite store in a data folder, with
 * the tenant ledgers checkpointed every second. What {@code serve} runs, and what {@code demo} runs
 * on a loopback port.
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
  private final GatewayServer server;

  private EmbeddedGateway(
      SqliteAuditLog audit,
      SqliteSessionHistory history,
      SqliteLedger ledger,
      ScheduledExecutorService checkpointer,
      GatewayServer server) {
    this.audit = audit;
    this.history = history;
    this.ledger = ledger;
    this.checkpointer = checkpointer;
    this.server = server;
  }

  /** The ledger of a data folder, for the {@code ledger} commands. */
  static SqliteLedger openLedger(Path data, Clock clock) {
    return ledger(SqliteDatabase.open(data), data, clock);
  }

  private static SqliteLedger ledger(SqliteDatabase database, Path data, Clock clock) {
    return new SqliteLedger(
        database, new LedgerSigningKeys(data, LEDGER_ORIGIN_HOST, new SecureRandom()), clock);
  }

  static EmbeddedGateway start(Deployment deployment, Path data, String host, int port)
      throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    SqliteAuditLog audit = new SqliteAuditLog(database, AUDIT_COMMIT_TIMEOUT);
    SqliteSessionHistory history = new SqliteSessionHistory(database);
    SqliteLedger ledger = ledger(database, data, Clock.systemUTC());
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
    try {
      GatewayServer server =
          GatewayServer.start(
              new GatewayServer.Parts(
                  deployment,
                  IssuerKeys.from(deployment.identity()),
                  audit,
                  ledger,
                  history,
                  new InMemoryKillSwitches(),
                  Clock.systemUTC()),
              host,
              port);
      return new EmbeddedGateway(audit, history, ledger, checkpointer, server);
    } catch (Exception | Error e) {
      checkpointer.shutdownNow();
      ledger.close();
      audit.close();
      history.close();
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

  void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      checkpointer.shutdownNow();
      try {
        checkpointer.awaitTermination(5, TimeUnit.SECONDS);
        // The last events get their checkpoint before the process goes.
        ledger.checkpointAll();
      } finally {
        ledger.close();
        audit.close();
        history.close();
      }
    }
  }
}
