package dev.sallyport.gateway.identity;

/**
 * An issuer's keys cannot be used: never fetched successfully, or not confirmed by the IdP for
 * longer than the maximum key age. The message is safe to show a caller.
 */
public final class KeysUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeysUnavailableException(String message) {
    super(message);
  }
}
