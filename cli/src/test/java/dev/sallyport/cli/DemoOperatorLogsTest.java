package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue #8 part 4: the demo runs with PII- and secret-laden inputs (the ERP's credential, the
 * agents' owners' addresses, the payments' IBAN and the customer's address in the calls), and none
 * of them appears in the operator log that Logback writes to standard error. A log statement that
 * wrongly carries such values in the same run shows the redaction is live: its values are replaced
 * by typed placeholders.
 */
class DemoOperatorLogsTest {
  private static final String ERP_TOKEN = "ghp_4f7Hk2LmQ9rT1vXz8bNc3pWd6yGa0sJe5uKi";
  private static final String OWNER = "frank.mueller@acme.example";
  private static final String IBAN = "DE89370400440532013000";
  private static final String CUSTOMER = "buyer@northwind.example";
  private static final String CARD = "4111 1111 1111 1111";

  @TempDir Path temp;

  @Test
  void theDemosOperatorLogCarriesNoPiiAndNoSecrets() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    Path secrets = temp.resolve("secrets/acme");
    Files.createDirectories(secrets);
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(
        secrets.getParent(), PosixFilePermissions.fromString("rwx------"));
    Path token = secrets.resolve("erp-token");
    Files.writeString(token, ERP_TOKEN);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        config.resolve("sallyport.yaml"),
        "\nsecrets:\n  paths:\n    files: " + temp.resolve("secrets") + "/{tenant}/\n",
        java.nio.file.StandardOpenOption.APPEND);
    ExampleDeployments.edit(
        config,
        "tenants/acme/tenant.yaml",
        "    timeout_ms: 5000\n",
        "    timeout_ms: 5000\n    credential: {secret: 'file:"
            + token
            + "', header: X-Api-Key}\n");
    ExampleDeployments.edit(config, "tenants/acme/tenant.yaml", "frank@acme.example", OWNER);

    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    ByteArrayOutputStream operatorLog = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(transcript, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(operatorLog, true, StandardCharsets.UTF_8));
      exit =
          Main.run(
              "demo", "--config", config.toString(), "--data", temp.resolve("data").toString());
      // A careless log statement, as a bug might write one: the layout still keeps the values out.
      LoggerFactory.getLogger(DemoCommand.class)
          .warn("payment to {} for {} with key {} card {}", IBAN, CUSTOMER, ERP_TOKEN, CARD);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }

    String log = operatorLog.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(transcript.toString(StandardCharsets.UTF_8) + log).isZero();
    assertThat(log).contains("payment to [IBAN_1] for [EMAIL_1] with key [SECRET_1] card [CARD_1]");
    for (String value :
        List.of(ERP_TOKEN, OWNER, IBAN, CUSTOMER, CARD, "DE89 3704", "ghp_", "acme.example")) {
      assertThat(log).as("operator log").doesNotContain(value);
    }
  }
}
