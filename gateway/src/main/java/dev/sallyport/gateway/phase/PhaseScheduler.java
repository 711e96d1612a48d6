package dev.sallyport.gateway.phase;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TwoPhaseActions#runReady()} every {@code tick} on a virtual thread; started and
 * stopped with the server it is added to. A hard step therefore runs at most about one tick after
 * its window ends. Time itself comes from the actions' clock, not from this schedule.
 */
public final class PhaseScheduler extends AbstractLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(PhaseScheduler.class);

  /** One second. */
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

  private final TwoPhaseActions actions;
  private final Duration tick;
  private ScheduledExecutorService scheduler;

  public PhaseScheduler(TwoPhaseActions actions, Duration tick) {
    this.actions = requireNonNull(actions, "actions is null");
    this.tick = requireNonNull(tick, "tick is null");
  }

  @Override
  protected void doStart() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("two-phase-actions").factory());
    scheduler.scheduleWithFixedDelay(this::sweep, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    try {
      actions.runReady();
    } catch (RuntimeException e) {
      // Keep sweeping: a store that failed once must not leave every later hard step waiting.
      LOG.error("two-phase sweep failed ({})", e.getClass().getSimpleName());
    }
  }

  @Override
  protected void doStop() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
  }
}
