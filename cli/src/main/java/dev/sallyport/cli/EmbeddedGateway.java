package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.gateway.GatewayServer;
import dev.sallyport.gateway.identity.IssuerKeys;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The single-process deployment: the gateway on the embedded SQLite store in a data folder. What
 * {@code serve} runs, and what {@code demo} runs on a loopback port.
 */
final class EmbeddedGateway implements AutoCloseable {
  /** How long an audit append may wait for its commit before the action is refused. */
  private static final Duration AUDIT_COMMIT_TIMEOUT = Duration.ofSeconds(5);

  private final SqliteAuditLog audit;
  private final SqliteSessionHistory history;
  private final GatewayServer server;

  private EmbeddedGateway(
      SqliteAuditLog audit, SqliteSessionHistory history, GatewayServer server) {
    this.audit = audit;
    this.history = history;
    this.server = server;
  }

  static EmbeddedGateway start(Deployment deployment, Path data, String host, int port)
      throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    SqliteAuditLog audit = new SqliteAuditLog(database, AUDIT_COMMIT_TIMEOUT);
    SqliteSessionHistory history = new SqliteSessionHistory(database);
    try {
      GatewayServer server =
          GatewayServer.start(
              new GatewayServer.Parts(
                  deployment,
                  IssuerKeys.from(deployment.identity()),
                  audit,
                  history,
                  new InMemoryKillSwitches(),
                  Clock.systemUTC()),
              host,
              port);
      return new EmbeddedGateway(audit, history, server);
    } catch (Exception | Error e) {
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

  void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      audit.close();
      history.close();
    }
  }
}
