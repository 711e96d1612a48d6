package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.RouteGroup;
import dev.sallyport.executor.DispatchRecovery;
import dev.sallyport.executor.ExecutorAudit;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.VerifyingExecutor;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.credential.CredentialStores;
import dev.sallyport.executor.http.ExecutorServer;
import dev.sallyport.executor.http.ExecutorWire;
import dev.sallyport.gateway.GatewayServer;
import dev.sallyport.grant.GrantAlgorithm;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.store.sqlite.GrantKeyFiles;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqliteNonceLedger;
import java.net.http.HttpClient;
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
 * The executor as its own process ({@code sallyport executor}): its own data folder with its own
 * SQLite ledger (checkpointed every second), nonce ledger and the gateway's public grant keys; the
 * tools and connectors of the deployment; an HTTP listener that only the {@code executor} ingress
 * group may reach. Also the one place that says how the embedded gateway's grants are kept.
 */
final class ExecutorProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorProcess.class);

  private final SqliteAuditLog audit;
  private final SqliteLedger ledger;
  private final SqliteNonceLedger nonces;
  private final ScheduledExecutorService checkpointer;
  private final HttpClient http;
  private final CredentialStores credentials;
  private final ExecutorServer server;

  private ExecutorProcess(
      SqliteAuditLog audit,
      SqliteLedger ledger,
      SqliteNonceLedger nonces,
      ScheduledExecutorService checkpointer,
      HttpClient http,
      CredentialStores credentials,
      ExecutorServer server) {
    this.credentials = credentials;
    this.audit = audit;
    this.ledger = ledger;
    this.nonces = nonces;
    this.checkpointer = checkpointer;
    this.http = http;
    this.server = server;
  }

  /** The grant algorithm a deployment configures. */
  static GrantAlgorithm algorithm(Deployment deployment) {
    return GrantAlgorithm.valueOf(deployment.executor().grantAlgorithm().name());
  }

  /**
   * The embedded gateway's grants: keys in {@code data/grant-keys} (created on first use), the
   * in-process executor verifying with what a separate one would hold, nonces in SQLite.
   */
  static GatewayServer.Grants grants(
      Deployment deployment, Path data, SqliteNonceLedger nonces, CredentialSource credentials) {
    GrantKeyFiles keys = GrantKeyFiles.signing(data, algorithm(deployment), new SecureRandom());
    for (TenantId tenant : deployment.tenants().keySet()) {
      // Created now, so that the public key files exist for a separate executor to copy.
      keys.forTenant(tenant);
    }
    return new GatewayServer.Grants(keys, keys.verifyingView(), nonces, credentials);
  }

  /**
   * Starts the executor: flags dispatches a crash left without an outcome, then listens.
   *
   * @param grantKeys the data folder whose {@code grant-keys/} holds the gateway's public keys
   *     (Ed25519) or the shared secrets (HMAC)
   */
  static ExecutorProcess start(
      Deployment deployment, Path data, Path grantKeys, String host, int port) throws Exception {
    Clock clock = Clock.systemUTC();
    SqliteDatabase database = SqliteDatabase.open(data);
    SqliteAuditLog audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    SqliteLedger ledger = EmbeddedGateway.ledger(database, data, clock);
    SqliteNonceLedger nonces = new SqliteNonceLedger(database, clock);
    ScheduledExecutorService checkpointer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("executor-checkpointer").factory());
    HttpClient http =
        HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    CredentialStores credentials = null;
    try {
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
      TimeOrderedIds ids = new TimeOrderedIds(clock, new SecureRandom());
      ExecutorAudit executorAudit = new ExecutorAudit(audit, clock, ids);
      DispatchRecovery recovery = new DispatchRecovery(audit, executorAudit);
      for (TenantId tenant : deployment.tenants().keySet()) {
        recovery.flagUnresolved(tenant);
      }
      // The credentials live here, in the executor's process only; lease.* go to its ledger.
      credentials = CredentialStores.open(deployment, executorAudit, clock, System.getenv());
      VerifyingExecutor executor =
          new VerifyingExecutor(
              ExecutorCatalog.from(deployment, http, new ExecutorWire().mapper()),
              new GrantVerifier(
                  GrantKeyFiles.verifying(grantKeys, algorithm(deployment)),
                  nonces,
                  clock,
                  deployment.executor().clockSkew()),
              executorAudit,
              credentials.source());
      ExecutorServer server =
          ExecutorServer.start(
              executor, deployment.ingress().allowed(RouteGroup.EXECUTOR), host, port);
      return new ExecutorProcess(audit, ledger, nonces, checkpointer, http, credentials, server);
    } catch (Exception | Error e) {
      if (credentials != null) {
        credentials.close();
      }
      checkpointer.shutdownNow();
      http.close();
      nonces.close();
      ledger.close();
      audit.close();
      throw e;
    }
  }

  int port() {
    return server.port();
  }

  SqliteAuditLog audit() {
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
      checkpointer.shutdownNow();
      try {
        // Every lease still open is revoked (and recorded) before the ledger closes.
        credentials.close();
        checkpointer.awaitTermination(5, TimeUnit.SECONDS);
        ledger.checkpointAll();
      } finally {
        http.close();
        nonces.close();
        ledger.close();
        audit.close();
      }
    }
  }
}
