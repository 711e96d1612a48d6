package dev.sallyport.gateway.http;

/** A request body that is not what the API accepts. The message is safe to show the caller. */
public final class MalformedRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedRequestException(String message) {
    super(message);
  }
}
