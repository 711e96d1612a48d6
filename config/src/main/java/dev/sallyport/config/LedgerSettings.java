package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the tenant ledgers are kept ({@code ledger:} in {@code sallyport.yaml}).
 *
 * @param retention how long an event's payload is kept; after that only its leaf hash stays, so
 *     proofs and exports still verify. At least {@link #MIN_RETENTION}.
 */
public record LedgerSettings(Duration retention) {
  /** The retention when {@code ledger.retention} is not set. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  /**
   * Shorter retention is refused: a payload must outlive the once-a-second checkpoint and the
   * hourly pruning by a wide margin, and an auditor needs time to export what happened yesterday.
   */
  public static final Duration MIN_RETENTION = Duration.ofDays(1);

  /** Longer retention is refused: beyond a century the value is a typo, not a policy. */
  public static final Duration MAX_RETENTION = Duration.ofDays(36_500);

  public static final LedgerSettings DEFAULTS = new LedgerSettings(DEFAULT_RETENTION);

  public LedgerSettings {
    requireNonNull(retention, "retention is null");
    if (retention.compareTo(MIN_RETENTION) < 0 || retention.compareTo(MAX_RETENTION) > 0) {
      throw new IllegalArgumentException(
          "retention must be between 1 and 36500 days, was " + retention);
    }
  }
}
