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

  /** No credentials were presented. */
  record Unauthenticated() implements Identity {}

  /**
   * Credentials were presented and refused. {@code reason} is safe to show the caller: it names the
   * defect, never the token's content.
   */
  record Failed(String reason) implements Identity {
    public Failed {
      requireNonNull(reason, "reason is null");
    }
  }
}
