package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import java.nio.file.Path;
import java.util.Optional;
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
    // A half-valid configuration never starts a server.
    Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
    if (deployment.isEmpty()) {
      return Loading.REFUSED;
    }
    try (EmbeddedGateway gateway =
        EmbeddedGateway.start(
            deployment.get(), data, host, port != null ? port : deployment.get().port())) {
      System.out.println(
          "sallyport listening on http://"
              + host
              + ":"
              + gateway.port()
              + " (tenants: "
              + deployment.get().tenants().keySet()
              + ")");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                try {
                  gateway.close();
                } catch (Exception e) {
                  System.err.println("shutdown: " + e.getClass().getSimpleName());
                }
              }));
      gateway.join();
    }
    return 0;
  }
}
