package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

/**
 * A packet that does not permit the call. The message is always "invalid grant", whatever the
 * cause, so a caller learns nothing about keys, tenants or timing; {@link #reason()} is for the
 * ledger.
 */
public final class GrantRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The one message every refusal carries. */
  public static final String MESSAGE = "invalid grant";

  private final RejectionReason reason;

  public GrantRejectedException(RejectionReason reason) {
    super(MESSAGE, null, false, false);
    this.reason = requireNonNull(reason, "reason is null");
  }

  /** The machine reason, for the ledger; MUST NOT be returned to the caller. */
  public RejectionReason reason() {
    return reason;
  }
}
