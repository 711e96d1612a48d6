package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The executor and the grants it verifies ({@code executor:} in {@code sallyport.yaml}).
 *
 * @param url where the gateway reaches a separate executor process; empty: the executor runs inside
 *     the gateway's process (the embedded default), with the same verification
 * @param port the port {@code sallyport executor} listens on unless told otherwise
 * @param timeout how long the gateway waits for the executor's answer; past it the outcome is
 *     unknown, recorded as such, and never retried
 * @param grantAlgorithm how grants are signed
 * @param grantLifetime how long a grant stays valid after it is issued
 * @param clockSkew how far the gateway's and the executor's clocks may differ
 */
public record ExecutorSettings(
    Optional<URI> url,
    int port,
    Duration timeout,
    GrantKeyType grantAlgorithm,
    Duration grantLifetime,
    Duration clockSkew) {
  /** No {@code executor:} block: in-process, Ed25519, 60 s grants, 5 s skew. */
  public static final ExecutorSettings DEFAULTS =
      new ExecutorSettings(
          Optional.empty(),
          8081,
          Duration.ofSeconds(30),
          GrantKeyType.ED25519,
          Duration.ofSeconds(60),
          Duration.ofSeconds(5));

  public ExecutorSettings {
    requireNonNull(url, "url is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(grantAlgorithm, "grantAlgorithm is null");
    requireNonNull(grantLifetime, "grantLifetime is null");
    requireNonNull(clockSkew, "clockSkew is null");
  }

  /** The key type grants are signed with; the names match the grant module's algorithms. */
  public enum GrantKeyType {
    /** The default: an executor holding only the public key cannot forge a grant. */
    ED25519,
    /** A shared secret: whoever verifies can also sign. */
    HMAC_SHA256
  }
}
