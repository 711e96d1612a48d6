package dev.sallyport.siem;

import static dev.sallyport.siem.TestLedger.ACME;
import static dev.sallyport.siem.TestLedger.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines sink on the real ledger: every event, once per delivery, resumable, rotatable. */
class JsonlExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private TestLedger ledger;
  private Path out;
  private Path state;

  @BeforeEach
  void open() {
    ledger = new TestLedger(temp.resolve("data"));
    out = temp.resolve("events.jsonl");
    state = temp.resolve("data/siem");
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private SiemExporter started() {
    return TestExporters.started("soc", new JsonlSink(out), ledger, state, 16, Duration.ZERO);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> records(Path file) throws IOException {
    List<Map<String, Object>> records = new ArrayList<>();
    if (!Files.exists(file)) {
      return records;
    }
    for (String line : Files.readAllLines(file)) {
      records.add(JSON.readValue(line, Map.class));
    }
    return records;
  }

  private static List<Number> indices(List<Map<String, Object>> records, TenantId tenant) {
    return records.stream()
        .filter(r -> tenant.value().equals(r.get("tenant")))
        .map(r -> (Number) r.get("index"))
        .toList();
  }

  @Test
  void deliversEveryEventOfEveryTenantInIndexOrder() throws Exception {
    Set<String> ids = new HashSet<>(ledger.appendMany(ACME, 40));
    ids.addAll(ledger.appendMany(GLOBEX, 25));

    SiemExporter exporter = started();
    Eventually.until("65 lines", () -> lineCount(out) == 65);
    exporter.close(Duration.ofSeconds(5));

    List<Map<String, Object>> records = records(out);
    assertThat(records)
        .extracting(r -> (String) r.get("id"))
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(indices(records, ACME))
        .extracting(Number::intValue)
        .containsExactlyElementsOf(range(40));
    assertThat(indices(records, GLOBEX))
        .extracting(Number::intValue)
        .containsExactlyElementsOf(range(25));
    assertThat(new CursorFile(state.resolve("soc.cursor")).load())
        .containsExactly(Map.entry(ACME, 40L), Map.entry(GLOBEX, 25L));
    assertThat(exporter.status().totalLag()).isZero();
    assertThat(exporter.status().delivered()).isEqualTo(65);
  }

  @Test
  void resumesFromItsCursorAfterARestart() throws Exception {
    ledger.appendMany(ACME, 10);
    SiemExporter first = started();
    Eventually.until("10 lines", () -> lineCount(out) == 10);
    first.close(Duration.ofSeconds(5));

    ledger.appendMany(ACME, 5);
    SiemExporter second = started();
    Eventually.until("15 lines", () -> lineCount(out) == 15);
    second.close(Duration.ofSeconds(5));

    assertThat(indices(records(out), ACME))
        .extracting(Number::intValue)
        .containsExactlyElementsOf(range(15));
  }

  @Test
  void closesALineCutShortByACrashBeforeAppendingMore() throws Exception {
    Files.writeString(out, "{\"event\":{\"actor\":\"agent-1\",\"id\":\"01");
    ledger.appendMany(ACME, 3);

    SiemExporter exporter = started();
    Eventually.until("4 lines", () -> lineCount(out) == 4);
    exporter.close(Duration.ofSeconds(5));

    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("{\"event\":{\"actor\":\"agent-1\",\"id\":\"01");
    for (String line : lines.subList(1, 4)) {
      assertThat(JSON.readTree(line).get("tenant").asText()).isEqualTo("acme");
    }
  }

  @Test
  void startsANewFileWhenAShipperRotatesTheOldOneAway() throws Exception {
    ledger.appendMany(ACME, 4);
    SiemExporter exporter = started();
    Eventually.until("4 lines", () -> lineCount(out) == 4);

    Path rotated = temp.resolve("events.jsonl.1");
    Files.move(out, rotated);
    ledger.appendMany(ACME, 3);
    Eventually.until("3 lines in the new file", () -> lineCount(out) == 3);
    exporter.close(Duration.ofSeconds(5));

    assertThat(indices(records(rotated), ACME))
        .extracting(Number::intValue)
        .containsExactly(0, 1, 2, 3);
    assertThat(indices(records(out), ACME)).extracting(Number::intValue).containsExactly(4, 5, 6);
  }

  @Test
  void exportsPrunedAndDamagedEntriesInTheirPlaceRatherThanSkippingThem() throws Exception {
    ledger.appendMany(ACME, 4);
    ledger.prune(ACME, 1);
    ledger.rewrite(ACME, 2, "{\"v\":1,\"forged\":true}");

    SiemExporter exporter = started();
    Eventually.until("4 lines", () -> lineCount(out) == 4);
    exporter.close(Duration.ofSeconds(5));

    List<Map<String, Object>> records = records(out);
    assertThat(records.get(0)).containsKey("event").containsKey("id");
    assertThat(records.get(1)).containsEntry("pruned", true).doesNotContainKey("id");
    assertThat(records.get(2))
        .containsEntry("damaged", "leaf hash mismatch")
        .doesNotContainKeys("event", "id");
    assertThat(records.get(3)).containsKey("event");
  }

  static int lineCount(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file)) {
      return (int) lines.count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  static List<Integer> range(int n) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(i);
    }
    return values;
  }
}
