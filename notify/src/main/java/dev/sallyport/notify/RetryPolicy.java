package dev.sallyport.notify;

import java.time.Duration;

/**
 * How often and how patiently to retry: exponential backoff from {@code initialDelay}, doubling up
 * to {@code maxDelay}, with full jitter so that many failed deliveries do not retry in lockstep.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialDelay the wait before the second attempt (before jitter)
 * @param maxDelay the longest wait between attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
  /** Six attempts over about a minute: approvals expire in minutes, not hours. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "delays must be non-negative and maxDelay >= initialDelay");
    }
  }

  /**
   * The wait before attempt {@code next} (2-based), given a uniform random {@code unit} in [0,1).
   */
  public Duration delayBefore(int next, double unit) {
    long cap = maxDelay.toMillis();
    long base = initialDelay.toMillis();
    long exponential = base << Math.min(next - 2, 30);
    long bound = exponential < 0 ? cap : Math.min(cap, exponential);
    return Duration.ofMillis((long) (bound * unit));
  }
}
