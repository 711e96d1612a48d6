package dev.sallyport.approval;

/**
 * A link token that is malformed, forged, for an unknown tenant or expired. The message names the
 * defect and never echoes the token.
 */
public final class LinkTokenException extends Exception {
  private static final long serialVersionUID = 1L;

  public LinkTokenException(String message) {
    super(message);
  }
}
