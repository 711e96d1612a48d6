package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * What the PII guard did with one text for one destination. Switch over it exhaustively: only
 * {@link Passed}, {@link Warned} and {@link Redacted} carry a text that may be sent on.
 */
public sealed interface PiiOutcome
    permits PiiOutcome.Passed, PiiOutcome.Warned, PiiOutcome.Redacted, PiiOutcome.Blocked {

  /** Nothing found that the policy cares about; the text is unchanged. */
  record Passed(String text) implements PiiOutcome {
    public Passed {
      requireNonNull(text, "text is null");
    }
  }

  /** Findings the policy only reports; the text is unchanged. */
  record Warned(String text, List<Finding> warnings) implements PiiOutcome {
    public Warned {
      requireNonNull(text, "text is null");
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Findings replaced by placeholders. {@code redactions} index the original text; {@code warnings}
   * are findings left in place.
   */
  record Redacted(String text, List<Finding> redactions, List<Finding> warnings)
      implements PiiOutcome {
    public Redacted {
      requireNonNull(text, "text is null");
      redactions = List.copyOf(redactions);
      warnings = List.copyOf(warnings);
    }
  }

  /** The text must not be sent: why, and which types caused it (never the values). */
  record Blocked(String reason, Set<EntityType> types) implements PiiOutcome {
    public Blocked {
      requireNonNull(reason, "reason is null");
      types = Set.copyOf(types);
    }
  }
}
