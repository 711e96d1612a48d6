package dev.sallyport.ledger.bundle;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.note.SignedNote;
import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything before the first entry line: the manifest and the checkpoint notes, still unverified.
 *
 * @param checkpointNotes the raw bytes of each signed checkpoint note, in bundle order
 */
record BundleHeader(BundleManifest manifest, List<byte[]> checkpointNotes) {
  /** Most checkpoints a bundle may carry; an export thins older ones out to stay below. */
  static final int MAX_CHECKPOINTS = 1 << 20;

  private static final int MAX_HEADER_LINE = 4096;

  BundleHeader {
    checkpointNotes = List.copyOf(checkpointNotes);
  }

  static BundleHeader read(BundleLines lines) throws IOException, LedgerFormatException {
    if (!BundleManifest.FORMAT.equals(line(lines, "format"))) {
      throw new LedgerFormatException(
          "not a Sallyport ledger bundle: the first line is not '" + BundleManifest.FORMAT + "'");
    }
    String origin = field(lines, "origin");
    String tenant = field(lines, "tenant");
    VerifierKey key = VerifierKey.parse(field(lines, "key"));
    BundleManifest manifest;
    try {
      manifest = new BundleManifest(origin, TenantId.of(tenant), key);
    } catch (IllegalArgumentException e) {
      throw new LedgerFormatException("bundle manifest is invalid: " + e.getMessage());
    }
    long count = number(field(lines, "checkpoints"), "checkpoint count");
    if (count < 1 || count > MAX_CHECKPOINTS) {
      throw new LedgerFormatException(
          "a bundle carries 1 to " + MAX_CHECKPOINTS + " checkpoints, not " + count);
    }
    List<byte[]> notes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long length = number(field(lines, "note"), "note length");
      if (length < 1 || length > SignedNote.MAX_BYTES) {
        throw new LedgerFormatException(
            "checkpoint "
                + (i + 1)
                + " is longer than "
                + SignedNote.MAX_BYTES
                + " bytes or empty");
      }
      byte[] note = lines.block((int) length);
      if (note == null) {
        throw new LedgerFormatException("bundle ends inside checkpoint " + (i + 1));
      }
      notes.add(note);
    }
    return new BundleHeader(manifest, notes);
  }

  /** The value of a {@code <name> <value>} line. */
  private static String field(BundleLines lines, String name)
      throws IOException, LedgerFormatException {
    String line = line(lines, name);
    String prefix = name + " ";
    if (!line.startsWith(prefix) || line.length() == prefix.length()) {
      throw new LedgerFormatException("bundle header has no '" + name + "' line where expected");
    }
    return line.substring(prefix.length());
  }

  private static String line(BundleLines lines, String what)
      throws IOException, LedgerFormatException {
    BundleLines.Status status = lines.next(MAX_HEADER_LINE);
    if (status != BundleLines.Status.LINE) {
      throw new LedgerFormatException(
          "bundle header is cut off or too long where the '" + what + "' line should be");
    }
    String line;
    try {
      line =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(lines.buffer(), lines.start(), lines.end() - lines.start()))
              .toString();
    } catch (CharacterCodingException e) {
      throw new LedgerFormatException("bundle header line '" + what + "' is not valid UTF-8");
    }
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) < 0x20) {
        throw new LedgerFormatException(
            "bundle header line '" + what + "' holds a control character");
      }
    }
    return line;
  }

  /** ASCII decimal without sign or leading zero. */
  static long number(String digits, String what) throws LedgerFormatException {
    if (digits.isEmpty() || digits.length() > 18) {
      throw new LedgerFormatException(what + " is not a decimal number of 1 to 18 digits");
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new LedgerFormatException(what + " is not a decimal number");
      }
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new LedgerFormatException(what + " has a leading zero");
    }
    return Long.parseLong(digits);
  }
}
