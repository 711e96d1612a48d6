package dev.sallyport.gateway.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.mcp.JsonRpcId;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open MCP sessions. A session id is 256 random bits, so it cannot be guessed; a session
 * belongs to the principal that opened it, and anyone else who presents its id gets the same answer
 * as for an id that never existed. Sessions end on {@code DELETE}, after {@code sessionIdle}
 * without a request, and, oldest first, when their principal opens more than its share.
 */
public final class McpSessions {
  /** One session. */
  public static final class Session {
    private final String id;
    private final TenantId tenant;
    private final String principalId;
    private final String protocolVersion;
    private final Instant openedAt;
    private volatile Instant lastSeen;
    private volatile boolean initialized;
    private final Map<JsonRpcId, CompletableFuture<Void>> cancellations = new ConcurrentHashMap<>();

    Session(String id, TenantId tenant, String principalId, String protocolVersion, Instant at) {
      this.id = id;
      this.tenant = tenant;
      this.principalId = principalId;
      this.protocolVersion = protocolVersion;
      this.openedAt = at;
      this.lastSeen = at;
    }

    public String id() {
      return id;
    }

    public String protocolVersion() {
      return protocolVersion;
    }

    /** The client sent {@code notifications/initialized}. */
    public boolean initialized() {
      return initialized;
    }

    void markInitialized() {
      initialized = true;
    }

    /**
     * Registers a request that may wait (a held call), and returns what completes if the client
     * cancels it.
     */
    CompletableFuture<Void> track(JsonRpcId request) {
      return cancellations.computeIfAbsent(request, r -> new CompletableFuture<>());
    }

    void untrack(JsonRpcId request) {
      cancellations.remove(request);
    }

    /** The client cancelled {@code request}: a wait for it stops. Unknown ids are ignored. */
    void cancel(JsonRpcId request) {
      CompletableFuture<Void> cancelled = cancellations.get(request);
      if (cancelled != null) {
        cancelled.complete(null);
      }
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idle;
  private final int perPrincipal;
  private final SecureRandom random = new SecureRandom();

  public McpSessions(Clock clock, Duration idle, int perPrincipal) {
    this.clock = requireNonNull(clock, "clock is null");
    this.idle = requireNonNull(idle, "idle is null");
    this.perPrincipal = perPrincipal;
  }

  /** Opens a session for {@code principal}, ending its oldest if it holds too many. */
  public Session open(Principal principal, String protocolVersion) {
    expire();
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Session session =
        new Session(id, principal.tenant(), principal.id(), protocolVersion, clock.instant());
    synchronized (this) {
      while (sessions.values().stream().filter(s -> owns(principal, s)).count() >= perPrincipal) {
        sessions.values().stream()
            .filter(s -> owns(principal, s))
            .min(java.util.Comparator.comparing(s -> s.openedAt))
            .ifPresent(s -> sessions.remove(s.id));
      }
      sessions.put(id, session);
    }
    return session;
  }

  /**
   * The session with {@code id} if it is {@code principal}'s and alive; empty for an unknown,
   * expired or someone else's session alike.
   */
  public Optional<Session> find(Principal principal, String id) {
    Session session = sessions.get(id);
    if (session == null || !owns(principal, session)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (session.lastSeen.plus(idle).isBefore(now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    session.lastSeen = now;
    return Optional.of(session);
  }

  /** Ends {@code principal}'s session {@code id}; false when there is no such session of theirs. */
  public boolean close(Principal principal, String id) {
    Optional<Session> session = find(principal, id);
    session.ifPresent(s -> sessions.remove(s.id));
    return session.isPresent();
  }

  /** How many sessions are open, for metrics and tests. */
  public int size() {
    return sessions.size();
  }

  private void expire() {
    Instant cutoff = clock.instant().minus(idle);
    sessions.values().removeIf(s -> s.lastSeen.isBefore(cutoff));
  }

  private static boolean owns(Principal principal, Session session) {
    return session.tenant.equals(principal.tenant()) && session.principalId.equals(principal.id());
  }
}
