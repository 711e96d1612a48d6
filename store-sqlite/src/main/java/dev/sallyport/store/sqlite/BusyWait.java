package dev.sallyport.store.sqlite;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How a connection waits while another connection of the same database holds the write lock: it
 * retries within microseconds, then every {@link #MAX_PAUSE}, and gives up after {@code patience}
 * (the statement then fails with {@code SQLITE_BUSY}, and the caller fails closed).
 *
 * <p>It replaces SQLite's own {@code busy_timeout}, which sleeps 1, 2, 5, 10, 15, 20, 25 ... ms
 * between tries. The audit writer, the session history and the grant nonces each write through a
 * connection of their own and each commit holds the lock for well under a millisecond, so those
 * sleeps, not the commits, were most of a tool call's latency under concurrent load.
 */
final class BusyWait extends BusyHandler {
  /** The longest single pause between two tries. */
  static final Duration MAX_PAUSE = Duration.ofMillis(1);

  private static final int SPINS = 16;
  private static final long FIRST_PAUSE_NANOS = 20_000;

  private final long patienceNanos;
  // The connection's current wait; a connection runs one statement at a time, so one field does.
  private long waitingSince;

  BusyWait(Duration patience) {
    this.patienceNanos = patience.toNanos();
  }

  @Override
  protected int callback(int previousTries) {
    long now = System.nanoTime();
    if (previousTries == 0) {
      waitingSince = now;
    }
    if (now - waitingSince >= patienceNanos) {
      return 0;
    }
    if (previousTries < SPINS) {
      Thread.yield();
    } else {
      // Doubling from 20 µs up to 1 ms: short waits stay short, long ones cost little CPU.
      int doublings = Math.min(previousTries - SPINS, 6);
      LockSupport.parkNanos(Math.min(FIRST_PAUSE_NANOS << doublings, MAX_PAUSE.toNanos()));
    }
    return 1;
  }
}
