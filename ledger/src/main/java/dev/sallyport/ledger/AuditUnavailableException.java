package dev.sallyport.ledger;

/** The audit log could not make an event durable. Whoever sees this must not act. */
public final class AuditUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
