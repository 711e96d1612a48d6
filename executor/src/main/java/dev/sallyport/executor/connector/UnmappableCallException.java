package dev.sallyport.executor.connector;

/** The arguments cannot be turned into a request; the message names why, without values. */
public final class UnmappableCallException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnmappableCallException(String message) {
    super(message, null, false, false);
  }
}
