package dev.sallyport.executor.connector;

/**
 * A credential could not be leased: nothing is sent. The message names the reference and a reason
 * code, never a value.
 */
public final class CredentialUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public CredentialUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Without a cause: the secret stores' exceptions are summarised, never chained. */
  public CredentialUnavailableException(String message) {
    super(message, null, false, false);
  }
}
