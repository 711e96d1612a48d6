package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import dev.sallyport.siem.CursorFile;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sallyport ledger prune}: retention on demand, and what it refuses. */
class LedgerPruneCommandTest {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path temp;
  Path config;
  Path data;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @BeforeEach
  void quickstart() throws IOException {
    config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    data = temp.resolve("data");
  }

  /** Appends one acme event per age, oldest first, as a gateway would have recorded them. */
  private void eventsAged(Duration... ages) {
    SqliteDatabase database = SqliteDatabase.open(data);
    try (SqliteAuditLog log = new SqliteAuditLog(database, Duration.ofSeconds(5))) {
      Instant now = Instant.now();
      for (int i = 0; i < ages.length; i++) {
        log.append(
            new AuditEvent(
                "0190d0c0-0000-7000-8000-" + String.format("%012d", i),
                ACME,
                now.minus(ages[i]),
                "decision",
                "finance-bot",
                Optional.of("invoices.list"),
                Optional.of("ab".repeat(32)),
                "allow",
                "permitted",
                List.of("reads"),
                Optional.of("action-" + i)));
      }
    }
  }

  private Run prune(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("ledger", "prune", "--config", config.toString(), "--data", data.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private Run exportAndVerify() {
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
    assertThat(export.exit()).as(export.err()).isZero();
    return run("ledger", "verify", bundle.toString());
  }

  private static Duration days(long days) {
    return Duration.ofDays(days);
  }

  @Test
  void prunesPayloadsOlderThanTheRetentionAndTheLedgerStillVerifies() {
    eventsAged(days(200), days(150), days(91), days(89), days(1), Duration.ofMinutes(5));

    Run pruned = prune();

    assertThat(pruned.exit()).as(pruned.err()).isZero();
    assertThat(pruned.out())
        .startsWith("acme: pruned 3 payloads of entries 0-2 (events before ")
        .contains("recorded as ledger.pruned at index 6");
    Run verify = exportAndVerify();
    assertThat(verify.exit()).as(verify.out()).isZero();
    assertThat(verify.out()).startsWith("OK sallyport.local/acme: ").contains(", 3 pruned");

    Run again = prune();
    assertThat(again.exit()).isZero();
    assertThat(again.out()).startsWith("acme: nothing to prune before ");
  }

  @Test
  void beforePrunesLessThanTheRetentionWould() {
    eventsAged(days(400), days(300), days(200));

    Run pruned = prune("--before", Instant.now().minus(days(250)).toString());

    assertThat(pruned.exit()).as(pruned.err()).isZero();
    assertThat(pruned.out()).startsWith("acme: pruned 2 payloads of entries 0-1");
  }

  @Test
  void refusesABeforeThatWouldPruneInsideTheRetention() {
    eventsAged(days(200), days(2));

    Run refused = prune("--before", Instant.now().minus(days(1)).toString());

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("would prune events younger than ledger.retention (90d");
    assertThat(exportAndVerify().out()).doesNotContain("pruned");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-01-01", "2026-01-01T00:00:00", "yesterday", "", "1767225600", "-90d"})
  void refusesABeforeThatIsNotAnInstant(String before) {
    eventsAged(days(200));

    Run refused = prune("--before", before);

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("--before must be an ISO-8601 instant");
  }

  @Test
  void followsTheConfiguredRetention() throws IOException {
    Path sallyport = config.resolve("sallyport.yaml");
    Files.writeString(sallyport, Files.readString(sallyport) + "ledger:\n  retention: 1d\n");
    eventsAged(days(3), days(2), Duration.ofHours(23));

    Run pruned = prune();

    assertThat(pruned.exit()).as(pruned.err()).isZero();
    assertThat(pruned.out()).startsWith("acme: pruned 2 payloads of entries 0-1");
  }

  @Test
  void refusesAConfigurationWithAnInvalidRetention() throws IOException {
    Path sallyport = config.resolve("sallyport.yaml");
    Files.writeString(sallyport, Files.readString(sallyport) + "ledger:\n  retention: 12h\n");
    eventsAged(days(200));

    Run refused = prune();

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err())
        .contains("configuration refused: sallyport.yaml:")
        .contains("retention must be a whole number of days");
  }

  @Test
  void refusesAFolderWithoutALedger() {
    Run refused = prune();

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("no ledger in ");
  }

  /**
   * Configures one JSON Lines SIEM sink, {@code soc}, whose cursor says acme's next is {@code
   * next}.
   */
  private void siemSinkAt(long next) throws IOException {
    Path yaml = config.resolve("sallyport.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            + "\nsiem:\n  - name: soc\n    type: jsonl\n    path: "
            + temp.resolve("events.jsonl")
            + "\n");
    new CursorFile(data.resolve(SiemExport.STATE_FOLDER).resolve("soc.cursor"))
        .store(java.util.Map.of(ACME, next));
  }

  @Test
  void neverPrunesWhatAConfiguredSiemSinkHasNotExportedYet() throws IOException {
    eventsAged(days(200), days(150), days(91), days(89));
    siemSinkAt(1);

    Run pruned = prune();

    assertThat(pruned.exit()).as(pruned.err()).isZero();
    assertThat(pruned.out()).startsWith("acme: pruned 1 payloads of entries 0-0 (events before ");
    assertThat(exportAndVerify().out()).contains(", 1 pruned");
  }

  @Test
  void aDamagedSiemCursorKeepsEveryPayload() throws IOException {
    eventsAged(days(200), days(150), days(91), days(89));
    siemSinkAt(3);
    Path cursor = data.resolve(SiemExport.STATE_FOLDER).resolve("soc.cursor");
    Files.writeString(cursor, Files.readString(cursor).replace("acme 3", "acme 9"));

    Run pruned = prune();

    assertThat(pruned.exit()).isEqualTo(1);
    assertThat(pruned.out())
        .contains("PRUNE FAILED for acme, payloads kept")
        .contains("soc.cursor");
    assertThat(exportAndVerify().out()).doesNotContain("pruned");
  }
}
