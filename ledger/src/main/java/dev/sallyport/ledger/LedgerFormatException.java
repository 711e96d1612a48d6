package dev.sallyport.ledger;

/**
 * Bytes that claim to be one of the ledger's text formats (signed note, verifier key, checkpoint,
 * tlog-proof, export bundle) but break its grammar. Every parser in this module throws this and
 * nothing else for bad input, so a caller handles untrusted bytes with one catch.
 *
 * <p>Messages name the rule that was broken and where; they never echo the input, which may be
 * large or hostile.
 */
public final class LedgerFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public LedgerFormatException(String message) {
    super(message);
  }
}
