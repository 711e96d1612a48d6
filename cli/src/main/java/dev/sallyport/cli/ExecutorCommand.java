package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sallyport executor}: run the executor as its own process until stopped. */
@Command(
    name = "executor",
    description =
        "Run the executor (verifies grants, holds the connectors, sends) as its own process.")
final class ExecutorCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The deployment folder.")
  Path config;

  @Option(
      names = "--data",
      defaultValue = "executor-data",
      description =
          "The executor's own data folder: ledger, spent grants (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--grant-keys",
      description =
          "The data folder whose grant-keys/ holds the gateway's public grant keys (default: --data).")
  Path grantKeys;

  @Option(names = "--port", description = "The port (default: executor.port of sallyport.yaml).")
  Integer port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "The address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws Exception {
    Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
    if (deployment.isEmpty()) {
      return Loading.REFUSED;
    }
    try (ExecutorProcess executor =
        ExecutorProcess.start(
            deployment.get(),
            data,
            grantKeys != null ? grantKeys : data,
            host,
            port != null ? port : deployment.get().executor().port())) {
      System.out.println(
          "sallyport executor listening on http://"
              + host
              + ":"
              + executor.port()
              + " (tenants: "
              + deployment.get().tenants().keySet()
              + ")");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                try {
                  executor.close();
                } catch (Exception e) {
                  System.err.println("shutdown: " + e.getClass().getSimpleName());
                }
              }));
      executor.join();
    }
    return 0;
  }
}
