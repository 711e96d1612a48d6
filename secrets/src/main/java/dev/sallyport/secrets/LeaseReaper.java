package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link CredentialBroker#revokeExpired()} on a virtual thread every interval, so a lease
 * that its caller forgot (or could not) close ends soon after its TTL. The broker's clock decides
 * what has expired; this thread only decides how often to look.
 */
public final class LeaseReaper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

  /** One second: a forgotten lease outlives its TTL by at most about this much. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private final Thread thread;

  private LeaseReaper(Thread thread) {
    this.thread = thread;
  }

  /** Starts sweeping {@code broker} every {@code interval}. */
  public static LeaseReaper start(CredentialBroker broker, Duration interval) {
    requireNonNull(broker, "broker is null");
    requireNonNull(interval, "interval is null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the reaper interval must be above zero");
    }
    Thread thread =
        Thread.ofVirtual().name("sallyport-lease-reaper").unstarted(() -> run(broker, interval));
    thread.start();
    return new LeaseReaper(thread);
  }

  private static void run(CredentialBroker broker, Duration interval) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        broker.revokeExpired();
      } catch (RuntimeException e) {
        // Keep sweeping: one bad sweep must not leave every later lease unreaped.
        LOG.error("lease sweep failed ({})", e.getClass().getSimpleName());
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the thread and waits for a sweep in progress to finish. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
