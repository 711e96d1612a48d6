package dev.sallyport.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Makes UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds then random bits, so ids sort by
 * creation time. The clock is injected so tests control time.
 */
public final class TimeOrderedIds {
  private final Clock clock;
  private final SecureRandom random;

  public TimeOrderedIds(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  public String next() {
    long millis = clock.millis();
    long randA = random.nextLong();
    long randB = random.nextLong();
    long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
    long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
