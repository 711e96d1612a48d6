package dev.sallyport.cli;

import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.gateway.GatewayServer;
import dev.sallyport.gateway.identity.IssuerKeys;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sallyport serve}: run the gateway until stopped. */
@Command(name = "serve", description = "Run the gateway on a deployment folder.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The deployment folder.")
  Path config;

  @Option(
      names = "--data",
      defaultValue = "data",
      description = "Where the SQLite store lives (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--port", description = "The HTTP port (default: server.port of sallyport.yaml).")
  Integer port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "The address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws Exception {
    Deployment deployment;
    try {
      deployment = Loading.deployment(config);
    } catch (ConfigException e) {
      // A half-valid configuration never starts a server.
      System.err.println("configuration refused: " + e.getMessage());
      return 2;
    }
    SqliteDatabase database = SqliteDatabase.open(data);
    try (SqliteAuditLog audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
        SqliteSessionHistory history = new SqliteSessionHistory(database);
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
                port != null ? port : deployment.port())) {
      System.out.println(
          "sallyport listening on http://"
              + host
              + ":"
              + server.port()
              + " (tenants: "
              + deployment.tenants().keySet()
              + ")");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                try {
                  server.close();
                } catch (Exception e) {
                  System.err.println("shutdown: " + e.getClass().getSimpleName());
                }
              }));
      server.join();
    }
    return 0;
  }
}
