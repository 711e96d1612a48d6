package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTestCommandTest {
  @TempDir Path temp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Path config) {
    return PolicyCommand.Test.run(
        config,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theQuickstartPolicyTestsPass() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp);

    assertThat(run(config)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("16 passed, 0 failed");
  }

  @Test
  void aFailingCaseExitsOneAndShowsTheDifference() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp);
    ExampleDeployments.edit(
        config,
        "tenants/acme/tests/quickstart.yaml",
        "expect: {decision: require_approval, rule: payment-over-limit}",
        "expect: {decision: allow, rule: permit-supplier-payments}");

    assertThat(run(config)).isEqualTo(1);
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report)
        .contains(
            "FAIL  a payment over the limit waits for a finance lead  (tenants/acme/tests/quickstart.yaml:")
        .contains("- expected: decision=allow rule=permit-supplier-payments")
        .contains("+ actual:   decision=require_approval rules=[payment-over-limit]")
        .contains("15 passed, 1 failed");
  }

  @Test
  void aBrokenPolicyFailsTheRunWithFileAndLine() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp);
    ExampleDeployments.edit(
        config, "tenants/acme/policies/email.yaml", "effect: forbid", "effect: forbidden");

    assertThat(run(config)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("tenants/acme/policies/email.yaml:8:13")
        .contains("unknown effect 'forbidden'");
  }

  @Test
  void aTestCaseWithAnUnknownKeyIsRefused() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp);
    ExampleDeployments.edit(
        config,
        "tenants/acme/tests/quickstart.yaml",
        "expect: {decision: allow, rule: permit-reads}",
        "expected: {decision: allow}");

    assertThat(run(config)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown key 'expected'");
  }
}
