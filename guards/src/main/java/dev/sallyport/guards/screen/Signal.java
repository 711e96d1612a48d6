package dev.sallyport.guards.screen;

import static java.util.Objects.requireNonNull;

/**
 * One piece of evidence: which rule fired, for which flag, with what weight, where in the screened
 * text ({@code [start, end)} in chars of the input; for evidence found inside a decoded payload,
 * the span of the encoded run), and at which decoding depth (0 = the text itself).
 */
public record Signal(
    InjectionFlag flag, String rule, double weight, int start, int end, int depth) {
  public Signal {
    requireNonNull(flag, "flag is null");
    requireNonNull(rule, "rule is null");
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in (0, 1]: " + weight);
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
    }
    if (depth < 0) {
      throw new IllegalArgumentException("depth must not be negative: " + depth);
    }
  }
}
