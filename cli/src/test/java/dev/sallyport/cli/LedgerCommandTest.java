package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's path: status, export and offline verify, on the data the demo leaves behind. */
class LedgerCommandTest {
  @TempDir Path temp;

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      return new Run(Main.run(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void statusExportAndVerifyWorkOfflineAndCatchAnEditedEntry() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    Path data = temp.resolve("data");
    assertThat(run("demo", "--config", config.toString(), "--data", data.toString()).exit())
        .isZero();

    Run status = run("ledger", "status", "--data", data.toString());
    assertThat(status.exit()).isZero();
    assertThat(status.out())
        .startsWith("acme size=")
        .contains("checkpoint=")
        .contains(" key=sallyport.local/acme+");
    String key = status.out().substring(status.out().indexOf(" key=") + 5).trim();

    Path bundle = temp.resolve("acme.bundle");
    Run export =
        run(
            "ledger",
            "export",
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--tenant",
            "acme",
            "--out",
            bundle.toString());
    assertThat(export.exit()).as(export.out()).isZero();

    Run verify = run("ledger", "verify", bundle.toString(), "--key", key);
    assertThat(verify.exit()).isZero();
    assertThat(verify.out()).startsWith("OK sallyport.local/acme:").contains("key pinned");

    String text = Files.readString(bundle);
    Files.writeString(
        bundle, text.replaceFirst("\"actor\":\"analyst-bot\"", "\"actor\":\"finance-bot\""));
    Run tampered = run("ledger", "verify", bundle.toString());
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.out()).startsWith("TAMPERED at index ").contains("modified entry");
  }

  @Test
  void verifyRefusesABundleSignedByAnotherKeyThanThePinnedOne() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    Path data = temp.resolve("data");
    assertThat(run("demo", "--config", config.toString(), "--data", data.toString()).exit())
        .isZero();
    Path bundle = temp.resolve("acme.bundle");
    run(
        "ledger",
        "export",
        "--config",
        config.toString(),
        "--data",
        data.toString(),
        "--tenant",
        "acme",
        "--out",
        bundle.toString());
    String otherKey =
        dev.sallyport.ledger.note.Ed25519NoteSigner.generate(
                "sallyport.local/acme", new java.security.SecureRandom())
            .verifierKey()
            .encoded();

    Run verify = run("ledger", "verify", bundle.toString(), "--key", otherKey);

    assertThat(verify.exit()).isEqualTo(1);
  }

  @Test
  void verifyCallsAMalformedFileMalformed() throws Exception {
    Path bundle = Files.writeString(temp.resolve("junk.bundle"), "not a bundle\n");

    Run verify = run("ledger", "verify", bundle.toString());

    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).startsWith("MALFORMED");
  }
}
