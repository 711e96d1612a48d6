package dev.sallyport.console;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Principal;
import java.time.Instant;

/**
 * A signed-in person. The id is the cookie value; the CSRF token must come back in every
 * state-changing form.
 */
public record ConsoleSession(
    String id, Principal principal, String displayName, String csrfToken, Instant expiresAt) {
  public ConsoleSession {
    requireNonNull(id, "id is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(displayName, "displayName is null");
    requireNonNull(csrfToken, "csrfToken is null");
    requireNonNull(expiresAt, "expiresAt is null");
  }

  /** Whether {@code submitted} is this session's CSRF token (constant time). */
  public boolean acceptsCsrf(String submitted) {
    return RandomTokens.same(csrfToken, submitted);
  }

  @Override
  public String toString() {
    // Session ids and CSRF tokens are credentials: never in a log line.
    return "ConsoleSession[" + principal.tenant() + "/" + principal.id() + "]";
  }
}
