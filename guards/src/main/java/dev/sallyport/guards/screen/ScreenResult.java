package dev.sallyport.guards.screen;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of screening one text: a score in [0, 1] (the noisy-OR of the weights of the rules
 * that fired, each rule counted once), the flags those rules belong to, the verdict by the
 * thresholds, and the evidence.
 */
public record ScreenResult(
    double score, Set<InjectionFlag> flags, Verdict verdict, List<Signal> signals) {
  public ScreenResult {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    requireNonNull(verdict, "verdict is null");
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    signals = List.copyOf(signals);
  }

  /**
   * True when the content is at least suspected: the gateway sets the session flag {@code
   * prompt_injection_suspected}, after which every consequential call needs approval.
   */
  public boolean suspected() {
    return verdict != Verdict.CLEAN;
  }

  /** The flags' wire names, in declaration order. */
  public List<String> flagNames() {
    return flags.stream().sorted().map(InjectionFlag::wireName).toList();
  }
}
