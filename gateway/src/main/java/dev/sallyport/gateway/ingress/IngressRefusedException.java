package dev.sallyport.gateway.ingress;

import static java.util.Objects.requireNonNull;

/**
 * Ingress refused the request. Checked, so that the hook must answer it; its message is the reason
 * code only and never goes to the client, whose answer names nothing about the allowlist.
 */
public final class IngressRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RefusalReason reason;

  public IngressRefusedException(RefusalReason reason) {
    // No stack trace: a flood of refusals must stay cheap, and the reason says everything.
    super(requireNonNull(reason, "reason is null").code(), null, false, false);
    this.reason = reason;
  }

  public RefusalReason reason() {
    return reason;
  }
}
