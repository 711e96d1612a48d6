package dev.sallyport.gateway.identity;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.IssuerSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's keys fetched from the network, kept between fetches. The rules, all read from an
 * injected clock:
 *
 * <ul>
 *   <li>keys are fetched again once they are {@code interval} old ({@link #refreshIfDue}, called by
 *       a scheduler), and at once when a token names a {@code kid} they do not hold (key rotation
 *       at the IdP);
 *   <li>whatever asks for it, at most one fetch starts per {@code minInterval}: a flood of tokens
 *       with made-up {@code kid}s costs the IdP one request per interval;
 *   <li>a failed fetch (IdP down, timeout, bad JSON, an empty key set) keeps the previous keys,
 *       which stay usable until the IdP has not confirmed them for {@code maxKeyAge}; past that,
 *       every token is refused ({@link KeysUnavailableException}) until a fetch succeeds;
 *   <li>a successful fetch replaces the keys: a key the IdP withdrew is gone at once.
 * </ul>
 */
public final class JwksCache implements IssuerKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

  private final String issuer;
  private final KeySetSource source;
  private final IssuerSettings.KeyRefresh refresh;
  private final Clock clock;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile State state = new State(new VerificationKeys(java.util.List.of()), null, null);

  /**
   * @param confirmedAt when the IdP last served these keys, or null when it never did
   * @param attemptedAt when the last fetch started, or null before the first
   */
  private record State(VerificationKeys keys, Instant confirmedAt, Instant attemptedAt) {}

  /**
   * @param issuer the issuer's identifier, for log lines
   */
  public JwksCache(
      String issuer, KeySetSource source, IssuerSettings.KeyRefresh refresh, Clock clock) {
    this.issuer = requireNonNull(issuer, "issuer is null");
    this.source = requireNonNull(source, "source is null");
    this.refresh = requireNonNull(refresh, "refresh is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public VerificationKeys keys(Optional<String> keyId) throws KeysUnavailableException {
    State current = state;
    if (!fresh(current, clock.instant())) {
      current = fetchUnlessRateLimited();
      if (current.confirmedAt() == null) {
        throw new KeysUnavailableException("the issuer's signing keys could not be fetched");
      }
      if (!fresh(current, clock.instant())) {
        throw new KeysUnavailableException(
            "the issuer's signing keys could not be confirmed for longer than their maximum age");
      }
    } else if (keyId.isPresent() && !current.keys().hasKeyId(keyId.get())) {
      current = fetchUnlessRateLimited();
      if (!fresh(current, clock.instant())) {
        throw new KeysUnavailableException(
            "the issuer's signing keys could not be confirmed for longer than their maximum age");
      }
    }
    return current.keys();
  }

  @Override
  public void refreshIfDue() {
    State current = state;
    if (current.confirmedAt() == null
        || !clock.instant().isBefore(current.confirmedAt().plus(refresh.interval()))) {
      fetchUnlessRateLimited();
    }
  }

  /** When the IdP last served the keys, if ever (for tests and diagnostics). */
  public Optional<Instant> confirmedAt() {
    return Optional.ofNullable(state.confirmedAt());
  }

  private boolean fresh(State s, Instant now) {
    return s.confirmedAt() != null && !now.isAfter(s.confirmedAt().plus(refresh.maxKeyAge()));
  }

  private boolean rateLimited(State s, Instant now) {
    return s.attemptedAt() != null && now.isBefore(s.attemptedAt().plus(refresh.minInterval()));
  }

  /**
   * Fetches unless a fetch started less than {@code minInterval} ago, and returns the state after.
   * One fetch at a time: callers that wait for the lock find the result of the fetch they waited
   * on.
   */
  private State fetchUnlessRateLimited() {
    // Rate-limited and no fetch under way: answer at once. A fetch under way is waited for, so
    // that callers arriving during the first fetch get its keys rather than a refusal.
    if (rateLimited(state, clock.instant()) && !fetching.isLocked()) {
      return state;
    }
    fetching.lock();
    try {
      State current = state;
      Instant started = clock.instant();
      if (rateLimited(current, started)) {
        return current;
      }
      state = new State(current.keys(), current.confirmedAt(), started);
      try {
        VerificationKeys fetched = VerificationKeys.of(source.fetch());
        if (fetched.isEmpty()) {
          throw new IOException("the key set holds no usable public signing keys");
        }
        state = new State(fetched, clock.instant(), started);
      } catch (IOException | RuntimeException e) {
        // The previous keys stay until their maximum age: a failed fetch never widens trust,
        // and never turns into an allow.
        LOG.warn("keys of issuer {} could not be fetched: {}", issuer, e.getMessage());
      }
      return state;
    } finally {
      fetching.unlock();
    }
  }
}
