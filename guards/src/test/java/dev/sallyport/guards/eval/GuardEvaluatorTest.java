package dev.sallyport.guards.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.screen.InjectionScreen;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Runs the evaluator over small fixture files written for this test (not the shared data) and
 * checks the JSON it prints and the arithmetic behind each figure. Time comes from a ticking clock:
 * every reading advances 1 ms, so each row costs exactly 1 ms in the timed pass.
 */
class GuardEvaluatorTest {
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong clock = new AtomicLong();
  private final GuardEvaluator evaluator =
      new GuardEvaluator(
          InjectionScreen.withDefaults(),
          BuiltInDetectors.scanner(),
          GuardEvaluator.builtInTypes(),
          () -> clock.addAndGet(1_000_000));

  private static List<String> fixture(String name) throws IOException {
    try (InputStream in = GuardEvaluatorTest.class.getResourceAsStream("fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private JsonNode evaluate(String name) throws IOException {
    return json.readTree(evaluator.evaluate(name, fixture(name)).toJson());
  }

  private static long utf8Bytes(List<String> lines, ObjectMapper json) throws IOException {
    long bytes = 0;
    for (String line : lines) {
      bytes += json.readTree(line).get("text").asText().getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes;
  }

  @Test
  void everyReportHasTheDocumentedFields() throws IOException {
    for (String name :
        List.of("injection.jsonl", "spans.jsonl", "recognizer.jsonl", "secrets.jsonl")) {
      JsonNode report = evaluate(name);
      assertThat(report.fieldNames())
          .toIterable()
          .contains(
              "file",
              "rows",
              "recall",
              "false_positive_rate",
              "precision",
              "mb_per_s",
              "per_entity");
      assertThat(report.get("file").asText()).isEqualTo(name);
      report
          .get("per_entity")
          .forEach(e -> assertThat(e.has("precision") && e.has("recall")).isTrue());
    }
  }

  @Test
  void injectionRowsAreScoredByLabel() throws IOException {
    JsonNode report = evaluate("injection.jsonl");
    // i1 caught (TP), i2 a plain question (FN), i3 benign (TN), i4 a role line in benign text (FP)
    assertThat(report.get("rows").asInt()).isEqualTo(4);
    assertThat(report.get("recall").asDouble()).isEqualTo(0.5);
    assertThat(report.get("false_positive_rate").asDouble()).isEqualTo(0.5);
    assertThat(report.get("precision").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/per_style/indirect-override/recall").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/per_style/indirect-question/recall").asDouble()).isEqualTo(0.0);
  }

  @Test
  void throughputIsBytesOverTimeInsideTheGuards() throws IOException {
    List<String> lines = fixture("injection.jsonl");
    JsonNode report = evaluate("injection.jsonl");
    double expected = utf8Bytes(lines, json) / 1e6 / (lines.size() * 1e-3);
    assertThat(report.get("mb_per_s").asDouble())
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void spansCountWhenAFindingOfTheSameTypeOverlapsThem() throws IOException {
    JsonNode report = evaluate("spans.jsonl");
    // gold: e-mail, phone, SSN (all found); predictions: those three and a card with no gold span
    assertThat(report.get("recall").asDouble()).isEqualTo(1.0);
    assertThat(report.get("precision").asDouble()).isEqualTo(0.75);
    // rows without gold of a detected type: s3 (card found) and s5 (nothing found)
    assertThat(report.get("false_positive_rate").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/per_entity/CREDIT_CARD/precision").asDouble()).isEqualTo(0.0);
    assertThat(report.at("/per_entity/CREDIT_CARD/recall").isNull()).isTrue();
    assertThat(report.at("/per_entity/EMAIL_ADDRESS/recall").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/not_detected/PERSON").asInt()).isEqualTo(1);
  }

  @Test
  void recognizerRowsAreScoredByExpectedCount() throws IOException {
    JsonNode report = evaluate("recognizer.jsonl");
    // expected 2+0+0+2 = 4; found 2+0+0+1 = 3, all within the expectation
    assertThat(report.get("recall").asDouble()).isEqualTo(0.75);
    assertThat(report.get("precision").asDouble()).isEqualTo(1.0);
    assertThat(report.get("false_positive_rate").asDouble()).isEqualTo(0.0);
    assertThat(report.at("/per_entity/CREDIT_CARD/recall").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/not_detected/UK_NHS").asInt()).isEqualTo(1);
  }

  @Test
  void secretRowsAreScoredByLabelAndPublishableKeysReportedApart() throws IOException {
    JsonNode report = evaluate("secrets.jsonl");
    assertThat(report.get("recall").asDouble()).isEqualTo(0.5);
    assertThat(report.get("false_positive_rate").asDouble()).isEqualTo(0.0);
    assertThat(report.get("precision").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/per_entity/github-pat/recall").asDouble()).isEqualTo(1.0);
    assertThat(
            report.at("/alternatives/publishable_keys_as_secrets/false_positive_rate").asDouble())
        .isEqualTo(0.5);
  }

  @Test
  void undefinedRatiosAreNull() throws IOException {
    JsonNode report =
        json.readTree(
            evaluator
                .evaluate(
                    "only-benign.jsonl", List.of("{\"id\":\"x\",\"text\":\"hello\",\"label\":0}"))
                .toJson());
    assertThat(report.get("recall").isNull()).isTrue();
    assertThat(report.get("precision").isNull()).isTrue();
    assertThat(report.get("false_positive_rate").asDouble()).isEqualTo(0.0);
  }

  @Test
  void aMalformedRowNamesFileAndLine() {
    assertThatThrownBy(() ->
            evaluator.evaluate(
                "bad.jsonl", List.of("{\"id\":\"a\",\"text\":\"t\",\"label\":0}", "{oops")))
        .isInstanceOf(MalformedRowException.class)
        .hasMessageStartingWith("bad.jsonl:2:");
  }

  @Test
  void aFileMixingKindsIsRefused() {
    assertThatThrownBy(() ->
            evaluator.evaluate(
                "mixed.jsonl",
                List.of(
                    "{\"id\":\"a\",\"text\":\"t\",\"label\":0}",
                    "{\"id\":\"b\",\"text\":\"t\",\"spans\":[]}")))
        .isInstanceOf(MalformedRowException.class)
        .hasMessageContaining("different kinds");
  }
}
