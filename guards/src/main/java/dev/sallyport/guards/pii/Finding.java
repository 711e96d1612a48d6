package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

/**
 * One detected identifier or secret: where it is ({@code [start, end)} in UTF-16 chars of the
 * scanned text), what it is, how sure the detector is, and which rule found it. A finding never
 * carries the matched value: callers that need it take it from their own text with the span, so a
 * finding can be logged without leaking what it points at.
 *
 * @param type the entity type
 * @param start the first char of the match
 * @param end one past the last char
 * @param confidence in (0, 1]: 1.0 for checksummed identifiers, less for shape-only matches
 * @param rule the detector rule, for example {@code luhn}, {@code iban-mod97}, {@code github-pat}
 */
public record Finding(EntityType type, int start, int end, double confidence, String rule) {
  public Finding {
    requireNonNull(type, "type is null");
    requireNonNull(rule, "rule is null");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
    }
    if (!(confidence > 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in (0, 1]: " + confidence);
    }
  }

  public int length() {
    return end - start;
  }

  /** True when the two spans share at least one char. */
  public boolean overlaps(Finding other) {
    return start < other.end && other.start < end;
  }
}
