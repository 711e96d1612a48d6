package dev.sallyport.ledger.merkle;

import dev.sallyport.ledger.LedgerVerificationException;

/** A Merkle inclusion or consistency proof that does not prove what it claims. */
public final class InvalidProofException extends LedgerVerificationException {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }
}
