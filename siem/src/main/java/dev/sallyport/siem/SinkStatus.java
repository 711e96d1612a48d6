package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one sink is doing, for operators.
 *
 * @param name the sink's name
 * @param destination where it delivers (never a secret)
 * @param state see {@link State}
 * @param lag per tenant, the entries in the log not yet delivered (log size minus cursor), as of
 *     the exporter's last look
 * @param delivered records delivered since start (repeats after a failure included)
 * @param failures failed deliveries since start
 * @param lastError the last failure, if any
 * @param lastDelivery when a batch was last delivered
 */
public record SinkStatus(
    String name,
    String destination,
    State state,
    Map<TenantId, Long> lag,
    long delivered,
    long failures,
    Optional<String> lastError,
    Optional<Instant> lastDelivery) {
  /** The states of an exporter. */
  public enum State {
    /** Started, no round finished yet. */
    STARTING,
    /** The last round delivered everything it tried. */
    EXPORTING,
    /** The last delivery failed; it will be retried after a back-off. Nothing is skipped. */
    RETRYING,
    /**
     * Stopped for good until an operator acts: the cursor file cannot be trusted, or the ledger no
     * longer holds what the cursor points at. {@code lastError} says which and what to do.
     */
    STOPPED,
    /** Closed with the server. */
    CLOSED
  }

  public SinkStatus {
    requireNonNull(name, "name is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(state, "state is null");
    requireNonNull(lastError, "lastError is null");
    requireNonNull(lastDelivery, "lastDelivery is null");
    lag = Map.copyOf(lag);
  }

  /** Entries not yet delivered, over all tenants. */
  public long totalLag() {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }
}
