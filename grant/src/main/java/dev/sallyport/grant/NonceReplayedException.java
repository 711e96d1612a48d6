package dev.sallyport.grant;

/** A nonce that a {@link NonceLedger} has seen before for the same tenant. */
public final class NonceReplayedException extends Exception {
  private static final long serialVersionUID = 1L;

  public NonceReplayedException() {
    super("nonce already consumed", null, false, false);
  }
}
