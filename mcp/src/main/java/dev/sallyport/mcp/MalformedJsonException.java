package dev.sallyport.mcp;

/** Bytes that are not the JSON expected; the message says what is wrong, never echoes values. */
public final class MalformedJsonException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedJsonException(String message) {
    super(message);
  }
}
