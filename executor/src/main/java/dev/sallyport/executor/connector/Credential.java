package dev.sallyport.executor.connector;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A secret a connector authenticates with for one execution: a bearer token, or a user name and a
 * password. It is never printed, compared or serialised; the secret leaves this object only through
 * {@link #revealSecret()}, so every use is a place to review (grep for it).
 */
public final class Credential {
  private final Optional<String> username;
  private final String secret;

  private Credential(Optional<String> username, String secret) {
    this.username = requireNonNull(username, "username is null");
    this.secret = requireNonNull(secret, "secret is null");
  }

  /** A bearer token: HTTP connectors send {@code Authorization: Bearer ...}. */
  public static Credential token(String token) {
    return new Credential(Optional.empty(), token);
  }

  /** A user name and password: HTTP Basic, SMTP AUTH. */
  public static Credential login(String username, String password) {
    return new Credential(Optional.of(requireNonNull(username, "username is null")), password);
  }

  public Optional<String> username() {
    return username;
  }

  /** The secret itself. Only a connector, at the moment it sends, calls this. */
  public String revealSecret() {
    return secret;
  }

  @Override
  public String toString() {
    return "Credential[redacted]";
  }
}
