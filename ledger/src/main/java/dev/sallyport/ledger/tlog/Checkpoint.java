package dev.sallyport.ledger.tlog;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.merkle.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a C2SP tlog-checkpoint: the log's origin, its size and the RFC 6962 root of its first
 * {@code size} entries, then optional extension lines. As note text:
 *
 * <pre>
 * sallyport.example/acme
 * 1234
 * tJbOPRyrXHpFuq+V07W7pfoTPzmx7DNT2hLbc2h1b0M=
 * </pre>
 *
 * @param origin the log's identity: non-empty, one line
 * @param size number of entries
 * @param root RFC 6962 root of those entries
 * @param extensions opaque, non-empty extra lines (C2SP discourages them; Sallyport writes none)
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {
  public Checkpoint {
    requireNonNull(origin, "origin is null");
    requireNonNull(root, "root is null");
    extensions = List.copyOf(requireNonNull(extensions, "extensions is null"));
    checkLine(origin, "origin");
    for (String extension : extensions) {
      checkLine(extension, "extension line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("checkpoint size is negative");
    }
  }

  public Checkpoint(String origin, long size, Hash root) {
    this(origin, size, root, List.of());
  }

  private static void checkLine(String line, String what) {
    if (line.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) < 0x20) {
        throw new IllegalArgumentException(what + " holds a control character");
      }
    }
  }

  /** The note text: origin, size, base64 root and extension lines, each ending in a newline. */
  public String text() {
    StringBuilder out = new StringBuilder(128);
    out.append(origin).append('\n').append(size).append('\n').append(root.base64()).append('\n');
    for (String extension : extensions) {
      out.append(extension).append('\n');
    }
    return out.toString();
  }

  /**
   * Reads a checkpoint body (the text of a signed note). Strict: at least three lines, each
   * non-empty and ending with a newline; the size is ASCII decimal with no leading zero and fits a
   * signed 64-bit number; the root is the canonical base64 of 32 bytes.
   */
  public static Checkpoint parse(String text) throws LedgerFormatException {
    requireNonNull(text, "text is null");
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new LedgerFormatException("checkpoint does not end with a newline");
    }
    List<String> lines = new ArrayList<>();
    for (int start = 0; start < text.length(); ) {
      int end = text.indexOf('\n', start);
      String line = text.substring(start, end);
      if (line.isEmpty()) {
        throw new LedgerFormatException("checkpoint line " + (lines.size() + 1) + " is empty");
      }
      for (int i = 0; i < line.length(); i++) {
        if (line.charAt(i) < 0x20) {
          throw new LedgerFormatException("checkpoint holds a control character");
        }
      }
      lines.add(line);
      start = end + 1;
    }
    if (lines.size() < 3) {
      throw new LedgerFormatException("checkpoint has fewer than three lines");
    }
    long size = parseSize(lines.get(1));
    Hash root = Hash.fromBase64(lines.get(2), "checkpoint root hash");
    return new Checkpoint(lines.get(0), size, root, lines.subList(3, lines.size()));
  }

  /** ASCII decimal, no sign, no leading zero unless the value is 0, at most 2^63 - 1. */
  static long parseSize(String digits) throws LedgerFormatException {
    if (digits.isEmpty() || digits.length() > 19) {
      throw new LedgerFormatException("tree size is not a decimal number of 1 to 19 digits");
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new LedgerFormatException("tree size is not a decimal number");
      }
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new LedgerFormatException("tree size has a leading zero");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new LedgerFormatException("tree size is larger than 2^63 - 1");
    }
  }
}
