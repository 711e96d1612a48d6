package dev.sallyport.guards.eval;

/** An evaluation row that does not follow the format; the message says what is wrong. */
public final class MalformedRowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedRowException(String message) {
    super(message);
  }
}
