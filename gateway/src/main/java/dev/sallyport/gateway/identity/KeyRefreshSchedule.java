package dev.sallyport.gateway.identity;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Asks the keyring every {@code tick} which key sets are due for a refresh; started and stopped
 * with the server that it is added to. The tick only reads the clock; the rules about when to fetch
 * are {@link JwksCache}'s.
 */
public final class KeyRefreshSchedule extends AbstractLifeCycle {
  private final IssuerKeyring keyring;
  private final Duration tick;
  private ScheduledExecutorService scheduler;

  public KeyRefreshSchedule(IssuerKeyring keyring, Duration tick) {
    this.keyring = requireNonNull(keyring, "keyring is null");
    this.tick = requireNonNull(tick, "tick is null");
  }

  @Override
  protected void doStart() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("issuer-keys").factory());
    // The first run fetches every key set at once, so the first token rarely waits for the IdP.
    scheduler.scheduleWithFixedDelay(
        keyring::refreshDue, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(IdpClient.TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
  }
}
