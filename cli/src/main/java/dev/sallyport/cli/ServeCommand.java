package dev.sallyport.cli;

import dev.sallyport.config.Cidr;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.IngressSettings;
import dev.sallyport.config.IpAddress;
import dev.sallyport.siem.SiemStartException;
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

  /** True for a literal in 127.0.0.0/8 or ::1; a name is never looked up, so it is not. */
  private static boolean isLoopback(String host) {
    try {
      IpAddress address = IpAddress.parse(host);
      return Cidr.parse("127.0.0.0/8").contains(address) || Cidr.parse("::1/128").contains(address);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Integer call() throws Exception {
    // A half-valid configuration never starts a server.
    Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
    if (deployment.isEmpty()) {
      return Loading.REFUSED;
    }
    EmbeddedGateway started;
    try {
      started =
          EmbeddedGateway.start(
              deployment.get(), data, host, port != null ? port : deployment.get().port());
    } catch (SiemStartException e) {
      // A sink whose secret is missing would export unsigned or not at all: refuse, say why.
      System.err.println("siem export refused: " + e.getMessage());
      return Loading.REFUSED;
    }
    if (deployment.get().ingress().equals(IngressSettings.LOOPBACK_ONLY) && !isLoopback(host)) {
      // Not an error (the default is the safe one), but a server that answers every remote client
      // with 403 deserves a word on why.
      System.err.println(
          "note: ingress admits loopback clients only; list other sources under ingress.allow in"
              + " sallyport.yaml (docs/configuration.md)");
    }
    try (EmbeddedGateway gateway = started) {
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
