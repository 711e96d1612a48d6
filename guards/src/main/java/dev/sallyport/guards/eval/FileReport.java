package dev.sallyport.guards.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The figures for one evaluation file.
 *
 * @param file the file name
 * @param kind {@code injection}, {@code pii_spans}, {@code pii_recognizer} or {@code secrets}
 * @param rows the rows read
 * @param overall the counts behind recall, precision and false-positive rate
 * @param megabytesPerSecond UTF-8 bytes of text (10^6 per MB) over the time spent inside the guards
 * @param perEntity counts per entity type (PII) or per rule id (secrets)
 * @param perStyle counts per injection style (injection files)
 * @param notDetected gold spans (or recognizer rows) of types no detector emits, per type
 * @param alternatives the overall counts under another reading of the findings (secrets: counting
 *     publishable keys as secrets too), so the choice behind the headline figure is visible
 */
public record FileReport(
    String file,
    String kind,
    int rows,
    Counts overall,
    double megabytesPerSecond,
    Map<String, Counts> perEntity,
    Map<String, Counts> perStyle,
    Map<String, Long> notDetected,
    Map<String, Counts> alternatives) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public FileReport {
    requireNonNull(file, "file is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(overall, "overall is null");
    perEntity = Map.copyOf(perEntity);
    perStyle = Map.copyOf(perStyle);
    notDetected = Map.copyOf(notDetected);
    alternatives = Map.copyOf(alternatives);
  }

  /**
   * One line of JSON: {@code file}, {@code rows}, {@code recall}, {@code false_positive_rate},
   * {@code precision}, {@code mb_per_s}, {@code per_entity} (each with {@code precision} and {@code
   * recall}), then the supporting counts. Undefined ratios are {@code null}.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("file", file);
    root.put("kind", kind);
    root.put("rows", rows);
    put(root, "recall", overall.recall());
    put(root, "false_positive_rate", overall.falsePositiveRate());
    put(root, "precision", overall.precision());
    root.put("mb_per_s", round(megabytesPerSecond));
    ObjectNode entities = root.putObject("per_entity");
    new TreeMap<>(perEntity).forEach((name, counts) -> entities.set(name, ratios(counts)));
    ObjectNode counts = root.putObject("counts");
    counts.put("gold", overall.gold());
    counts.put("matched_gold", overall.matchedGold());
    counts.put("predictions", overall.predictions());
    counts.put("matched_predictions", overall.matchedPredictions());
    counts.put("negatives", overall.negatives());
    counts.put("flagged_negatives", overall.falsePositiveNegatives());
    if (!perStyle.isEmpty()) {
      ObjectNode styles = root.putObject("per_style");
      new TreeMap<>(perStyle).forEach((name, c) -> styles.set(name, ratios(c)));
    }
    if (!alternatives.isEmpty()) {
      ObjectNode other = root.putObject("alternatives");
      new TreeMap<>(alternatives).forEach((name, c) -> other.set(name, ratios(c)));
    }
    if (!notDetected.isEmpty()) {
      ObjectNode missing = root.putObject("not_detected");
      new TreeMap<>(notDetected).forEach(missing::put);
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a report", e);
    }
  }

  private static ObjectNode ratios(Counts c) {
    ObjectNode node = JSON.createObjectNode();
    put(node, "precision", c.precision());
    put(node, "recall", c.recall());
    put(node, "false_positive_rate", c.falsePositiveRate());
    node.put("support", c.gold());
    node.put("predicted", c.predictions());
    return node;
  }

  private static void put(ObjectNode node, String field, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(field, round(value.getAsDouble()));
    } else {
      node.putNull(field);
    }
  }

  private static double round(double value) {
    return Math.round(value * 10_000.0) / 10_000.0;
  }
}
