package dev.sallyport.cli;

import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.PolicyTestCase;
import dev.sallyport.config.PolicyTestLoader;
import dev.sallyport.config.PolicyTestRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sallyport policy}: policy tooling. */
@Command(
    name = "policy",
    description = "Policy tooling.",
    subcommands = {PolicyCommand.Test.class})
final class PolicyCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Use: sallyport policy test DIR");
  }

  @Command(
      name = "test",
      description =
          "Run the policy test cases in DIR/tenants/*/tests/*.yaml; exit 1 on any failure.")
  static final class Test implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The deployment folder.")
    Path config;

    @Override
    public Integer call() {
      return run(config, System.out, System.err);
    }

    static int run(Path config, PrintStream out, PrintStream err) {
      Deployment deployment;
      List<PolicyTestCase> cases;
      try {
        deployment = Loading.deployment(config);
        cases = new PolicyTestLoader().load(deployment);
      } catch (ConfigException e) {
        err.println("configuration refused: " + e.getMessage());
        return 1;
      }
      if (cases.isEmpty()) {
        err.println("no policy test cases found under " + config + "/tenants/*/tests/");
        return 1;
      }
      int failed = 0;
      for (PolicyTestRunner.Result result : new PolicyTestRunner().run(deployment, cases)) {
        PolicyTestCase c = result.testCase();
        if (result.passed()) {
          out.println("PASS  " + c.name());
          continue;
        }
        failed++;
        out.println("FAIL  " + c.name() + "  (" + c.location() + ")");
        out.println(
            "    - expected: decision="
                + c.expectedDecision()
                + c.expectedRule().map(r -> " rule=" + r).orElse("")
                + c.expectedReason().map(r -> " reason=" + r).orElse(""));
        out.println(
            "    + actual:   decision="
                + result.actual().outcome()
                + " rules="
                + result.actual().ruleIds()
                + " reason="
                + result.actual().reason()
                + " ("
                + result.actual().detail()
                + ")");
        for (String difference : result.differences()) {
          out.println("      " + difference);
        }
      }
      out.println();
      out.println("policy tests: " + (cases.size() - failed) + " passed, " + failed + " failed");
      return failed == 0 ? 0 : 1;
    }
  }
}
