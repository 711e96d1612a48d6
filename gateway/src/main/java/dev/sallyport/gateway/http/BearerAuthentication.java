package dev.sallyport.gateway.http;

import static java.util.Objects.requireNonNull;

import dev.sallyport.gateway.identity.Identity;
import dev.sallyport.gateway.identity.ProtectedResourceMetadata;
import dev.sallyport.gateway.identity.TokenAuthenticator;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.Principal;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The bearer token check every authenticated route shares: the REST API and {@code /mcp}. A refusal
 * is written here, so that every route refuses alike.
 */
public final class BearerAuthentication {
  private final TokenAuthenticator authenticator;
  private final ProtectedResourceMetadata resourceMetadata;
  private final HttpReplies replies;

  public BearerAuthentication(
      TokenAuthenticator authenticator,
      ProtectedResourceMetadata resourceMetadata,
      JsonBodies json) {
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.resourceMetadata = requireNonNull(resourceMetadata, "resourceMetadata is null");
    this.replies = new HttpReplies(json);
  }

  /**
   * The caller's principal, or empty after a refusal has been written: 401 with a challenge that
   * points to the RFC 9728 metadata (RFC 6750 section 3, MCP authorization), or 503 when the
   * issuer's keys are unavailable (the token may be fine: the client should retry, not sign in).
   */
  public Optional<Principal> authenticate(Request request, Response response, Callback callback) {
    Identity identity =
        authenticator.authenticate(request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION));
    switch (identity) {
      case Identity.Authenticated a -> {
        return Optional.of(a.principal());
      }
      case Identity.Unauthenticated u -> {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, resourceMetadata.challenge());
        replies.problem(
            response, callback, ErrorCode.UNAUTHENTICATED, "a bearer token is required", Map.of());
        return Optional.empty();
      }
      case Identity.Failed f -> {
        response
            .getHeaders()
            .put(HttpHeader.WWW_AUTHENTICATE, resourceMetadata.invalidToken(f.reason()));
        replies.problem(response, callback, ErrorCode.UNAUTHENTICATED, f.reason(), Map.of());
        return Optional.empty();
      }
      case Identity.Unavailable u -> {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "30");
        replies.problem(response, callback, ErrorCode.IDENTITY_UNAVAILABLE, u.reason(), Map.of());
        return Optional.empty();
      }
    }
  }
}
