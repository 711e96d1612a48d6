package dev.sallyport.gateway.identity;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Principal;

/** The outcome of the identity stage. Only {@link Authenticated} lets a request go on. */
public sealed interface Identity {
  /** The token is valid and names a known principal of a known tenant. */
  record Authenticated(Principal principal) implements Identity {
    public Authenticated {
      requireNonNull(principal, "principal is null");
    }
  }

  /** No bearer credentials were presented (none at all, or another scheme). */
  record Unauthenticated() implements Identity {}

  /**
   * Credentials were presented and refused. {@code reason} is safe to show the caller: one of a
   * fixed set of sentences naming the defect, never the token's content.
   */
  record Failed(String reason) implements Identity {
    public Failed {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * The token could not be checked: the issuer's keys cannot be fetched, or the cached ones are
   * older than the configured maximum age. Not the caller's fault, and never an allow.
   */
  record Unavailable(String reason) implements Identity {
    public Unavailable {
      requireNonNull(reason, "reason is null");
    }
  }
}
