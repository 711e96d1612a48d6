package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * No credential for this call: the caller MUST NOT go ahead without it. Every failure of every
 * store ends here, so the executor has one thing to catch and one way to fail closed.
 *
 * <p>The message names the reference and what went wrong ("Vault answered HTTP 403"), never a
 * value: it is built only from the reference, a {@link Reason} and texts written in this module.
 * Causes from parsers and transports are deliberately not chained, because their messages can quote
 * what they were reading; the message carries the cause's kind instead.
 */
public final class SecretUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, for the ledger ({@code lease.failed}) and for mapping to an error at the edge. */
  public enum Reason {
    /** The reference is outside the tenant's paths, or resolves outside them (a symbolic link). */
    FOREIGN_PATH,
    /** No store is configured for the reference's scheme. */
    NOT_CONFIGURED,
    /** The store has no such secret, field or variable. */
    NOT_FOUND,
    /** The store refused (HTTP 401/403). */
    DENIED,
    /** The secret is stored insecurely (a file others can read) and is refused. */
    INSECURE,
    /** The store answered with something that is not a credential (bad JSON, too large, empty). */
    MALFORMED,
    /** The store did not answer in time. */
    TIMEOUT,
    /** The store could not be reached or failed (HTTP 5xx, connection refused, I/O). */
    UNAVAILABLE,
    /** The lease cannot be renewed (the store says so, or it is closed). */
    NOT_RENEWABLE,
    /** The lease could not be recorded, so it was revoked rather than used unrecorded. */
    AUDIT_UNAVAILABLE,
    /** The request itself is out of bounds (a TTL of zero or beyond the maximum). */
    INVALID_REQUEST;

    /** The stable lower-case code written to the ledger. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final transient SecretReference reference;
  private final Reason reason;

  /**
   * @param detail what went wrong, written in this module: MUST NOT contain a value, a token, a
   *     response body or an exception message from a library
   */
  public SecretUnavailableException(SecretReference reference, Reason reason, String detail) {
    super("secret " + reference + " unavailable: " + detail);
    this.reference = requireNonNull(reference, "reference is null");
    this.reason = requireNonNull(reason, "reason is null");
  }

  public SecretReference reference() {
    return reference;
  }

  public Reason reason() {
    return reason;
  }
}
