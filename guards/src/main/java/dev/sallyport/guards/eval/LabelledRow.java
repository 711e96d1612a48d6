package dev.sallyport.guards.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One labelled row of an evaluation file, by the kind of label it carries. The kinds are told apart
 * by their fields, so a file of a new source in a known format needs no configuration.
 */
public sealed interface LabelledRow
    permits LabelledRow.Injection, LabelledRow.Spans, LabelledRow.Recognizer, LabelledRow.Secret {

  String id();

  String text();

  /** {@code label} 1 = an instruction is planted in the text, 0 = benign. */
  record Injection(String id, String text, boolean injected, String style) implements LabelledRow {
    public Injection {
      requireNonNull(id, "id is null");
      requireNonNull(text, "text is null");
      requireNonNull(style, "style is null");
    }
  }

  /** Gold spans of entities ({@code spans}: start, end exclusive, type). */
  record Spans(String id, String text, List<GoldSpan> spans) implements LabelledRow {
    public Spans {
      requireNonNull(id, "id is null");
      requireNonNull(text, "text is null");
      spans = List.copyOf(spans);
    }
  }

  /**
   * A recognizer expectation: {@code expectedCount} entities of the types under test must be found
   * (0: none may be).
   */
  record Recognizer(String id, String text, List<String> entitiesUnderTest, int expectedCount)
      implements LabelledRow {
    public Recognizer {
      requireNonNull(id, "id is null");
      requireNonNull(text, "text is null");
      entitiesUnderTest = List.copyOf(entitiesUnderTest);
      if (expectedCount < 0) {
        throw new IllegalArgumentException("expected_count must not be negative");
      }
    }
  }

  /** {@code label} 1 = a secret rule must match, 0 = it must not (a look-alike). */
  record Secret(String id, String text, boolean secret, String ruleId) implements LabelledRow {
    public Secret {
      requireNonNull(id, "id is null");
      requireNonNull(text, "text is null");
      requireNonNull(ruleId, "ruleId is null");
    }
  }

  /** A gold span. */
  record GoldSpan(int start, int end, String type) {
    public GoldSpan {
      requireNonNull(type, "type is null");
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("invalid gold span [" + start + ", " + end + ")");
      }
    }
  }
}
