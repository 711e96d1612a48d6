package dev.sallyport.policy;

/** A policy expression did not parse or type-check. A load that meets one fails as a whole. */
public final class PolicyCompileException extends Exception {
  private static final long serialVersionUID = 1L;

  public PolicyCompileException(String message) {
    super(message);
  }
}
