package dev.sallyport.siem;

import static dev.sallyport.siem.TestLedger.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the exporter cannot know where it is, it stops and says so: it never starts over on its own
 * and never skips ahead.
 */
class FailClosedExportTest {
  @TempDir Path temp;
  private TestLedger ledger;
  private Path state;
  private Path out;

  @BeforeEach
  void open() {
    ledger = new TestLedger(temp.resolve("data"));
    state = temp.resolve("data/siem");
    out = temp.resolve("events.jsonl");
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private SiemExporter started() {
    return TestExporters.started("soc", new JsonlSink(out), ledger, state, 16, Duration.ZERO);
  }

  @Test
  void stopsOnACorruptCursorFileAndLeavesItAsItWas() throws Exception {
    ledger.appendMany(ACME, 3);
    Files.createDirectories(state);
    Path cursor = state.resolve("soc.cursor");
    byte[] garbage = "acme: 2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Files.write(cursor, garbage);

    SiemExporter exporter = started();

    SinkStatus status = exporter.status();
    assertThat(status.state()).isEqualTo(SinkStatus.State.STOPPED);
    assertThat(status.lastError())
        .get()
        .asString()
        .contains(cursor.toString())
        .contains("Delete the file to export every retained entry again");
    exporter.close(Duration.ofSeconds(1));
    assertThat(out).doesNotExist();
    assertThat(Files.readAllBytes(cursor)).isEqualTo(garbage);
    assertThat(exporter.status().state()).isEqualTo(SinkStatus.State.STOPPED);
  }

  @Test
  void stopsWhenTheCursorPointsBeyondTheEndOfTheLog() throws Exception {
    ledger.appendMany(ACME, 5);
    new CursorFile(state.resolve("soc.cursor")).store(Map.of(ACME, 100L));

    SiemExporter exporter = started();
    Eventually.until("stopped", () -> exporter.status().state() == SinkStatus.State.STOPPED);
    exporter.close(Duration.ofSeconds(1));

    assertThat(exporter.status().lastError())
        .get()
        .asString()
        .contains("is at 100 but its log holds 5 entries");
    assertThat(out).doesNotExist();
  }

  @Test
  void stopsAtAnEntryMissingFromTheLedgerInsteadOfSkippingIt() throws Exception {
    ledger.appendMany(ACME, 6);
    LedgerSource real = ledger.source();
    // A store that lost entry 3 (a row deleted behind Sallyport's back).
    LedgerSource holed =
        new LedgerSource() {
          @Override
          public long size(TenantId tenant) {
            return real.size(tenant);
          }

          @Override
          public List<LedgerReader.Entry> entries(TenantId tenant, long start, long end) {
            return real.entries(tenant, start, end).stream().filter(e -> e.index() != 3).toList();
          }
        };
    SiemExporter exporter =
        new SiemExporter(
            "soc",
            new JsonlSink(out),
            holed,
            List.of(ACME),
            new CursorFile(state.resolve("soc.cursor")),
            new SiemExporter.Pacing(16, Duration.ZERO, Duration.ofMillis(20), TestExporters.QUICK),
            Clock.systemUTC(),
            new SplittableRandom(1));
    exporter.start();
    Eventually.until("stopped", () -> exporter.status().state() == SinkStatus.State.STOPPED);
    exporter.close(Duration.ofSeconds(1));

    assertThat(exporter.status().lastError())
        .get()
        .asString()
        .contains("entry 3 of tenant acme is missing");
    assertThat(JsonlExportTest.lineCount(out)).isZero();
    assertThat(new CursorFile(state.resolve("soc.cursor")).load()).doesNotContainKey(ACME);
  }
}
