package dev.sallyport.notify;

/**
 * One delivery attempt failed. {@code retryable} says whether trying again may help (a 5xx, 429,
 * timeout or refused connection) or not (a 4xx: the configuration is wrong). The message names the
 * channel and the status, never the secret or the link.
 */
public final class DeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public DeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
