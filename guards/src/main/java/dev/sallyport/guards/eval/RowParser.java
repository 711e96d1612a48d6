package dev.sallyport.guards.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one JSON Lines row of the guard evaluation format. The kind follows from the fields: {@code
 * expected_count} → recognizer test; {@code rule_id} and {@code label} → secret; {@code label} →
 * injection; {@code spans} → entity spans. Every row needs {@code id} and {@code text}.
 */
public final class RowParser {
  private final ObjectMapper json = new ObjectMapper();

  /** Parses {@code line}; throws {@link MalformedRowException} naming what is wrong. */
  public LabelledRow parse(String line) {
    JsonNode row;
    try {
      row = json.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedRowException("not a JSON object: " + e.getOriginalMessage());
    }
    if (row == null || !row.isObject()) {
      throw new MalformedRowException("not a JSON object");
    }
    String id = text(row, "id");
    String text = text(row, "text");
    if (row.has("expected_count")) {
      List<String> types = new ArrayList<>();
      JsonNode under = row.path("entity_types_under_test");
      if (under.isArray()) {
        under.forEach(t -> types.add(t.asText()));
      }
      if (types.isEmpty()) {
        row.path("spans").forEach(s -> types.add(s.path("type").asText()));
      }
      return new LabelledRow.Recognizer(id, text, types, integer(row, "expected_count"));
    }
    if (row.has("label") && row.has("rule_id")) {
      return new LabelledRow.Secret(id, text, label(row), text(row, "rule_id"));
    }
    if (row.has("label")) {
      JsonNode style = row.get("injection_style");
      return new LabelledRow.Injection(
          id, text, label(row), style == null || style.isNull() ? "none" : style.asText());
    }
    if (row.has("spans")) {
      List<LabelledRow.GoldSpan> spans = new ArrayList<>();
      for (JsonNode s : row.get("spans")) {
        int start = integer(s, "start");
        int end = integer(s, "end");
        if (end > text.length()) {
          throw new MalformedRowException("row " + id + ": span end " + end + " beyond the text");
        }
        spans.add(new LabelledRow.GoldSpan(start, end, text(s, "type")));
      }
      return new LabelledRow.Spans(id, text, spans);
    }
    throw new MalformedRowException("row " + id + ": no label, spans or expected_count");
  }

  private static boolean label(JsonNode row) {
    JsonNode label = row.get("label");
    if (!label.isIntegralNumber() || (label.asInt() != 0 && label.asInt() != 1)) {
      throw new MalformedRowException("label must be 0 or 1");
    }
    return label.asInt() == 1;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new MalformedRowException("missing string field '" + field + "'");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber()) {
      throw new MalformedRowException("missing integer field '" + field + "'");
    }
    return value.asInt();
  }
}
