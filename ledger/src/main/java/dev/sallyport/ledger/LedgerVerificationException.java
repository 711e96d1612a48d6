package dev.sallyport.ledger;

/**
 * Well-formed ledger data that does not verify: a Merkle proof that leads to another root, a
 * signature that does not check, a checkpoint for another log, a tampered export. Verification
 * methods in this module return nothing and throw this (or a subclass) on failure, so an ignored
 * return value can never turn into "verified".
 */
public class LedgerVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  public LedgerVerificationException(String message) {
    super(message);
  }
}
