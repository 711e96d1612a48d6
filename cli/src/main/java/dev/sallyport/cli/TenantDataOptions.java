package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.SqliteDatabase;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of the commands an operator runs against one tenant in a gateway's data folder
 * ({@code agents promote}, {@code actions reinstate}): the deployment, the data folder, the tenant
 * and who acts, checked the same way for each.
 */
final class TenantDataOptions {
  @Option(names = "--config", required = true, description = "The deployment folder.")
  Path config;

  @Option(
      names = "--data",
      defaultValue = "data",
      description = "The gateway's data folder (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--tenant", required = true, description = "The tenant.")
  String tenant;

  @Option(
      names = "--by",
      description = "Who acts, for the ledger (default: the operating-system user).")
  String by;

  /** What the options name, once each has been checked. */
  record Target(Deployment deployment, TenantId tenant, Path data, String by) {
    SqliteDatabase database() {
      return SqliteDatabase.open(data);
    }
  }

  /**
   * Loads the deployment and checks the data folder and the tenant; reports the first problem on
   * {@code err} and returns empty then.
   */
  Optional<Target> resolve(PrintStream err) {
    Optional<Deployment> deployment = Loading.deploymentOrReport(config, err);
    if (deployment.isEmpty()) {
      return Optional.empty();
    }
    if (!Files.exists(data.resolve(EmbeddedGateway.DATABASE_FILE))) {
      err.println("no gateway database in " + data);
      return Optional.empty();
    }
    TenantId id;
    try {
      id = TenantId.of(tenant);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return Optional.empty();
    }
    if (deployment.get().tenant(id).isEmpty()) {
      err.println("no tenant " + id + " in the deployment");
      return Optional.empty();
    }
    return Optional.of(
        new Target(
            deployment.get(),
            id,
            data,
            by != null ? by : "os:" + System.getProperty("user.name", "unknown")));
  }
}
