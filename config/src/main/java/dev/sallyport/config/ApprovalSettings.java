package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a tenant's held calls wait for people ({@code approvals:} and {@code notifications:} in
 * {@code tenant.yaml}).
 *
 * @param timeout how long a held call waits before it is denied as expired
 * @param notifications how approvers are told that a call waits for them
 */
public record ApprovalSettings(Duration timeout, NotificationSettings notifications) {
  /** How long a call waits for people unless {@code approvals.timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

  /** The shortest timeout accepted: people need time to read a notice and sign in. */
  public static final Duration MIN_TIMEOUT = Duration.ofMinutes(1);

  /** The longest: a held call keeps an agent (and its caller) waiting. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

  /** Fifteen minutes, nobody notified. */
  public static final ApprovalSettings DEFAULTS =
      new ApprovalSettings(DEFAULT_TIMEOUT, NotificationSettings.NONE);

  public ApprovalSettings {
    requireNonNull(timeout, "timeout is null");
    requireNonNull(notifications, "notifications is null");
    if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("the approval timeout must be between 1m and 7d");
    }
  }
}
