package dev.sallyport.ledger.tlog;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.LedgerVerificationException;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.note.InvalidSignatureException;
import dev.sallyport.ledger.note.SignedNote;
import dev.sallyport.ledger.note.VerifierKey;

/**
 * A checkpoint together with the signed note that carries it. Instances come from {@link #sign}
 * (the log signing its own checkpoint) or {@link #open} (a verifier that checked the signature
 * before reading the body), so holding one means the signature was made or checked.
 */
public record SignedCheckpoint(Checkpoint checkpoint, SignedNote note) {
  public SignedCheckpoint {
    requireNonNull(checkpoint, "checkpoint is null");
    requireNonNull(note, "note is null");
    if (!note.text().equals(checkpoint.text())) {
      throw new IllegalArgumentException("note text is not the checkpoint's text");
    }
  }

  /** Signs {@code checkpoint} with {@code signer}. */
  public static SignedCheckpoint sign(Checkpoint checkpoint, Ed25519NoteSigner signer) {
    return new SignedCheckpoint(checkpoint, signer.sign(checkpoint.text()));
  }

  /**
   * Reads a signed checkpoint, checking in this order: note grammar, a valid signature by {@code
   * key}, checkpoint grammar, and that the origin is {@code origin}. The body is not read before
   * the signature verified.
   *
   * @throws LedgerFormatException if the note or its body is malformed
   * @throws InvalidSignatureException if {@code key} did not sign it
   * @throws LedgerVerificationException if it is a checkpoint of another log
   */
  public static SignedCheckpoint open(byte[] noteBytes, VerifierKey key, String origin)
      throws LedgerFormatException, LedgerVerificationException {
    SignedNote note = SignedNote.parse(noteBytes);
    note.verify(key);
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    if (!checkpoint.origin().equals(origin)) {
      throw new LedgerVerificationException(
          "checkpoint is for origin '" + checkpoint.origin() + "', expected '" + origin + "'");
    }
    return new SignedCheckpoint(checkpoint, note);
  }

  public byte[] toBytes() {
    return note.toBytes();
  }
}
