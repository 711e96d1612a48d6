package dev.sallyport.guards.eval;

import java.util.OptionalDouble;

/**
 * Confusion counts and the ratios they give. A ratio with an empty denominator is undefined
 * (empty), never 0 or 1: "no positives in this file" is not "perfect recall".
 *
 * <p>For span-scored entities, {@code matchedGold} and {@code matchedPredictions} differ: recall
 * counts gold spans that some prediction overlaps, precision counts predictions that overlap some
 * gold span.
 */
public record Counts(
    long gold,
    long matchedGold,
    long predictions,
    long matchedPredictions,
    long negatives,
    long falsePositiveNegatives) {

  public Counts {
    if (gold < 0
        || matchedGold < 0
        || matchedGold > gold
        || predictions < 0
        || matchedPredictions < 0
        || matchedPredictions > predictions
        || negatives < 0
        || falsePositiveNegatives < 0
        || falsePositiveNegatives > negatives) {
      throw new IllegalArgumentException("inconsistent counts");
    }
  }

  public static Counts empty() {
    return new Counts(0, 0, 0, 0, 0, 0);
  }

  public OptionalDouble recall() {
    return gold == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) matchedGold / gold);
  }

  public OptionalDouble precision() {
    return predictions == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) matchedPredictions / predictions);
  }

  /** Of the negative units (benign rows, rows without the entity), the share flagged anyway. */
  public OptionalDouble falsePositiveRate() {
    return negatives == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) falsePositiveNegatives / negatives);
  }

  public Counts plus(Counts o) {
    return new Counts(
        gold + o.gold,
        matchedGold + o.matchedGold,
        predictions + o.predictions,
        matchedPredictions + o.matchedPredictions,
        negatives + o.negatives,
        falsePositiveNegatives + o.falsePositiveNegatives);
  }
}
