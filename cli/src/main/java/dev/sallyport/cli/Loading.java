package dev.sallyport.cli;

import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.policy.ConditionCompiler;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** How every subcommand loads a deployment: one loader, one CEL environment, one way to refuse. */
final class Loading {
  /** The exit code of a command whose configuration or usage was refused. */
  static final int REFUSED = 2;

  private Loading() {}

  static Deployment deployment(Path config) throws ConfigException {
    return new DeploymentLoader(new ConditionCompiler()).load(config);
  }

  /** Loads, or prints why not to {@code err} and returns empty. */
  static Optional<Deployment> deploymentOrReport(Path config, PrintStream err) {
    try {
      return Optional.of(deployment(config));
    } catch (ConfigException e) {
      err.println("configuration refused: " + e.getMessage());
      return Optional.empty();
    }
  }
}
