package dev.sallyport.ledger.note;

import dev.sallyport.ledger.LedgerVerificationException;

/** A signed note that carries no valid signature by the expected key, or a bad one. */
public final class InvalidSignatureException extends LedgerVerificationException {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }
}
