package dev.sallyport.console;

/**
 * A sign-in that cannot complete: unknown or reused state, a browser that did not start it, a
 * provider error, a code that does not exchange, an ID token that does not verify, or claims that
 * are not a person of a known tenant. The message names the step, never a token or a code.
 */
public final class SignInException extends Exception {
  private static final long serialVersionUID = 1L;

  public SignInException(String message) {
    super(message);
  }

  public SignInException(String message, Throwable cause) {
    super(message, cause);
  }
}
