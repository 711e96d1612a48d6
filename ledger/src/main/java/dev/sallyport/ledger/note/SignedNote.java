package dev.sallyport.ledger.note;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.StrictBase64;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines
 * {@code — <key name> <base64(key id || signature)>}. The text MUST NOT be acted on until {@link
 * #verify} has returned.
 *
 * <p>{@link #parse} is strict. It rejects input over {@link #MAX_BYTES}, invalid UTF-8, control
 * characters other than newline, a missing blank line before the signatures, a missing final
 * newline, blank or malformed signature lines, non-canonical base64, and more than {@link
 * #MAX_SIGNATURES} signatures. What it accepts, {@link #toBytes} writes back byte for byte.
 */
public final class SignedNote {
  /** Largest note accepted: room for dozens of post-quantum cosignatures, no more. */
  public static final int MAX_BYTES = 128 * 1024;

  /** Most signature lines accepted; C2SP asks verifiers to accept at least 16. */
  public static final int MAX_SIGNATURES = 100;

  static final String SIGNATURE_PREFIX = "\u2014 ";

  private final String text;
  private final List<NoteSignature> signatures;

  private SignedNote(String text, List<NoteSignature> signatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
  }

  /**
   * A note from its text and signatures.
   *
   * @throws IllegalArgumentException if the text is not a valid note text (ends in a newline, no
   *     control characters but newline) or there is no signature
   */
  public static SignedNote of(String text, List<NoteSignature> signatures) {
    requireNonNull(text, "text is null");
    requireNonNull(signatures, "signatures is null");
    checkText(text);
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException("a note has 1 to " + MAX_SIGNATURES + " signatures");
    }
    SignedNote note = new SignedNote(text, signatures);
    if (note.toBytes().length > MAX_BYTES) {
      throw new IllegalArgumentException("note is longer than " + MAX_BYTES + " bytes");
    }
    return note;
  }

  /** Throws unless {@code text} can be the text of a note. */
  static void checkText(String text) {
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException("note text holds a control character");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(++i)))) {
        throw new IllegalArgumentException("note text holds an unpaired surrogate");
      }
    }
  }

  /** Reads a signed note; checks its grammar only, not its signatures. */
  public static SignedNote parse(byte[] bytes) throws LedgerFormatException {
    requireNonNull(bytes, "bytes is null");
    if (bytes.length > MAX_BYTES) {
      throw new LedgerFormatException("note is longer than " + MAX_BYTES + " bytes");
    }
    String note;
    try {
      note =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new LedgerFormatException("note is not valid UTF-8");
    }
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new LedgerFormatException("note holds a control character at offset " + i);
      }
    }
    // The text ends at the last blank line; it may itself hold blank lines.
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new LedgerFormatException("note has no blank line before its signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    if (block.isEmpty() || block.charAt(block.length() - 1) != '\n') {
      throw new LedgerFormatException("note does not end with a signature line and a newline");
    }
    List<NoteSignature> signatures = new ArrayList<>();
    int lineNumber = 0;
    for (int start = 0; start < block.length(); ) {
      int end = block.indexOf('\n', start);
      lineNumber++;
      if (signatures.size() == MAX_SIGNATURES) {
        throw new LedgerFormatException("note has more than " + MAX_SIGNATURES + " signatures");
      }
      signatures.add(parseSignature(block.substring(start, end), lineNumber));
      start = end + 1;
    }
    return new SignedNote(text, signatures);
  }

  private static NoteSignature parseSignature(String line, int lineNumber)
      throws LedgerFormatException {
    String where = "signature line " + lineNumber;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new LedgerFormatException(where + " does not start with an em dash and a space");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new LedgerFormatException(where + " has no space between key name and signature");
    }
    String name = rest.substring(0, space);
    if (!KeyNames.isValid(name)) {
      throw new LedgerFormatException(where + " has an empty or invalid key name");
    }
    byte[] idAndSignature = StrictBase64.decode(rest.substring(space + 1), where);
    if (idAndSignature.length < 5) {
      throw new LedgerFormatException(where + " is too short to hold a key id and a signature");
    }
    int keyId =
        ((idAndSignature[0] & 0xff) << 24)
            | ((idAndSignature[1] & 0xff) << 16)
            | ((idAndSignature[2] & 0xff) << 8)
            | (idAndSignature[3] & 0xff);
    byte[] signature = new byte[idAndSignature.length - 4];
    System.arraycopy(idAndSignature, 4, signature, 0, signature.length);
    return new NoteSignature(name, keyId, signature);
  }

  /**
   * Verifies the note against one trusted key, following c2sp.org/signed-note: signatures by other
   * keys (another name or another id) are ignored, every signature that names this key MUST verify,
   * and at least one must.
   *
   * @throws InvalidSignatureException if there is no signature by {@code key} or one of its
   *     signatures is invalid
   */
  public void verify(VerifierKey key) throws InvalidSignatureException {
    requireNonNull(key, "key is null");
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    boolean verified = false;
    for (NoteSignature signature : signatures) {
      if (signature.isBy(key)) {
        if (!signature.verifiesWith(key, message)) {
          throw new InvalidSignatureException(
              "signature by " + key.name() + "+" + key.keyIdHex() + " does not verify");
        }
        verified = true;
      }
    }
    if (!verified) {
      throw new InvalidSignatureException(
          "note has no signature by " + key.name() + "+" + key.keyIdHex());
    }
  }

  /** The signed text, final newline included. Untrusted until {@link #verify} returned. */
  public String text() {
    return text;
  }

  public List<NoteSignature> signatures() {
    return signatures;
  }

  /** The note in its wire form: text, blank line, signature lines. */
  public String encoded() {
    StringBuilder out = new StringBuilder(text.length() + 128 * signatures.size());
    out.append(text).append('\n');
    for (NoteSignature signature : signatures) {
      out.append(signature.line());
    }
    return out.toString();
  }

  public byte[] toBytes() {
    return encoded().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedNote note
        && text.equals(note.text)
        && signatures.equals(note.signatures);
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + signatures.hashCode();
  }

  @Override
  public String toString() {
    return encoded();
  }
}
