package dev.sallyport.guards.screen;

/**
 * Where the score turns into a verdict: at or above {@code suspect} the content is {@link
 * Verdict#SUSPECTED} (the session gets {@code prompt_injection_suspected}); at or above {@code
 * quarantine} it is {@link Verdict#QUARANTINE} (withheld).
 */
public record ScreenThresholds(double suspect, double quarantine) {
  public ScreenThresholds {
    if (!(suspect > 0 && suspect <= 1) || !(quarantine >= suspect && quarantine <= 1)) {
      throw new IllegalArgumentException(
          "thresholds must satisfy 0 < suspect <= quarantine <= 1: " + suspect + ", " + quarantine);
    }
  }

  /** The defaults: suspect at 0.5, quarantine at 0.85. */
  public static ScreenThresholds defaults() {
    return new ScreenThresholds(0.5, 0.85);
  }

  Verdict verdict(double score) {
    if (score >= quarantine) {
      return Verdict.QUARANTINE;
    }
    return score >= suspect ? Verdict.SUSPECTED : Verdict.CLEAN;
  }
}
