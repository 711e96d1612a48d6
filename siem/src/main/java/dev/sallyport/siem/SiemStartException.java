package dev.sallyport.siem;

/**
 * A sink cannot start because of how it is configured (a secret that is missing or too short, a
 * socket that cannot be made). The server refuses to start rather than export unsigned or not at
 * all without saying so.
 */
public final class SiemStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public SiemStartException(String message) {
    super(message);
  }
}
