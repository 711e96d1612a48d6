package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A batch did not reach its sink. The exporter keeps its cursor where it was and tries the same
 * entries again later: nothing is skipped, whatever the kind.
 */
public final class DeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How the exporter should try again. */
  public enum Kind {
    /** The network, the receiver being busy or down: back off and retry. */
    RETRYABLE,
    /**
     * The receiver refused the request itself (a 4xx other than 408 and 429): retrying soon will
     * not help, someone has to fix the receiver or the configuration. Retried at the slowest pace.
     */
    REJECTED,
    /** The receiver refused the batch as too large (413): retry with smaller batches. */
    TOO_LARGE
  }

  private final Kind kind;
  private final transient Optional<Duration> retryAfter;

  public DeliveryException(String message, Kind kind, Optional<Duration> retryAfter) {
    super(message);
    this.kind = requireNonNull(kind, "kind is null");
    this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
  }

  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
    this.kind = Kind.RETRYABLE;
    this.retryAfter = Optional.empty();
  }

  public Kind kind() {
    return kind;
  }

  /** The receiver's own {@code Retry-After}, when it gave one. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
