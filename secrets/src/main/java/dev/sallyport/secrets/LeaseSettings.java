package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long leases live.
 *
 * @param defaultTtl a lease's lifetime when the caller names none: 60 seconds
 * @param maxTtl the longest lifetime or renewal increment a caller may ask for: 15 minutes
 */
public record LeaseSettings(Duration defaultTtl, Duration maxTtl) {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MAX_TTL = Duration.ofMinutes(15);

  public LeaseSettings {
    requireNonNull(defaultTtl, "defaultTtl is null");
    requireNonNull(maxTtl, "maxTtl is null");
    if (defaultTtl.isNegative() || defaultTtl.isZero()) {
      throw new IllegalArgumentException("the default lease TTL must be above zero");
    }
    if (maxTtl.compareTo(defaultTtl) < 0) {
      throw new IllegalArgumentException("the maximum lease TTL is below the default");
    }
  }

  public static LeaseSettings defaults() {
    return new LeaseSettings(DEFAULT_TTL, DEFAULT_MAX_TTL);
  }
}
