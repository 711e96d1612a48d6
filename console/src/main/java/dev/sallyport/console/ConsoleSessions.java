package dev.sallyport.console;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory: a restart signs everybody out, which errs on the safe side. The
 * map is keyed by the hash of the session id, so a heap dump does not hand out live cookies. Every
 * sign-in gets a new id; an id the browser brought along is never promoted (no fixation).
 */
public final class ConsoleSessions {
  /** Live sessions kept at most; the oldest expiring go first when it is full. */
  static final int MAX_SESSIONS = 50_000;

  private final Map<String, ConsoleSession> byHash = new ConcurrentHashMap<>();
  private final Duration lifetime;
  private final Clock clock;
  private final RandomTokens tokens;

  public ConsoleSessions(Duration lifetime, Clock clock, SecureRandom random) {
    this.lifetime = requireNonNull(lifetime, "lifetime is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.tokens = new RandomTokens(random);
  }

  /** Opens a new session for a person who has just signed in. */
  public ConsoleSession open(Principal principal, String displayName) {
    Instant now = clock.instant();
    byHash.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    if (byHash.size() >= MAX_SESSIONS) {
      byHash.entrySet().stream()
          .min(
              Map.Entry.comparingByValue(java.util.Comparator.comparing(ConsoleSession::expiresAt)))
          .ifPresent(oldest -> byHash.remove(oldest.getKey()));
    }
    ConsoleSession session =
        new ConsoleSession(
            tokens.next(), principal, displayName, tokens.next(), now.plus(lifetime));
    byHash.put(RandomTokens.sha256(session.id()), session);
    return session;
  }

  /** The live session with this id; empty for unknown, expired or missing ids. */
  public Optional<ConsoleSession> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return Optional.empty();
    }
    String hash = RandomTokens.sha256(id);
    ConsoleSession session = byHash.get(hash);
    if (session == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(session.expiresAt())) {
      byHash.remove(hash);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  /** Ends the session with this id, if any. */
  public void close(String id) {
    if (id != null) {
      byHash.remove(RandomTokens.sha256(id));
    }
  }
}
