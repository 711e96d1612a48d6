package dev.sallyport.cli;

import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.policy.ConditionCompiler;
import java.nio.file.Path;

/** How every subcommand loads a deployment: one loader, one CEL environment. */
final class Loading {
  private Loading() {}

  static Deployment deployment(Path config) throws ConfigException {
    return new DeploymentLoader(new ConditionCompiler()).load(config);
  }
}
