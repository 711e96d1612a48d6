package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: after the n-th failure in a row, a delay drawn from {@code
 * [d/2, d]} where {@code d = min(initial × 2^(n-1), max)}. The jitter keeps several Sallyport
 * servers from hammering a receiver that comes back in lock step.
 */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    requireNonNull(initial, "initial is null");
    requireNonNull(max, "max is null");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max");
    }
  }

  /**
   * @param failures failures in a row, at least 1
   */
  public Duration delay(int failures, RandomGenerator random) {
    Duration ceiling = initial;
    for (int i = 1; i < failures && ceiling.compareTo(max) < 0; i++) {
      ceiling = ceiling.multipliedBy(2);
    }
    if (ceiling.compareTo(max) > 0) {
      ceiling = max;
    }
    long millis = ceiling.toMillis();
    long half = millis / 2;
    return Duration.ofMillis(half + random.nextLong(millis - half + 1));
  }
}
