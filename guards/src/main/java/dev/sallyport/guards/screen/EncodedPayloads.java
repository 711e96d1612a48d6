package dev.sallyport.guards.screen;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds encoded runs in the raw text and decodes those that hold text: base64 (standard and
 * URL-safe), hex, and percent-encoding. Only a prefix of each run is decoded first to tell text
 * from binary (images, keys, hashes are binary and skipped); a text run is decoded fully if the
 * call's decode budget allows, else it is reported as too large to inspect.
 */
final class EncodedPayloads {
  static final int MIN_BASE64 = 20;
  static final int MIN_HEX = 32;

  /**
   * The most encoded text runs decoded in one call, all layers together: a text made of thousands
   * of encoded runs is suspicious in itself, and decoding each would multiply the per-run cost.
   */
  static final int MAX_RUNS = 256;

  private static final int PROBE_CHARS = 4096;

  /** A decoded run: where it was in the layer's raw text, what kind, and the text it holds. */
  record Decoded(int start, int end, String kind, String text, boolean naturalLanguage) {}

  /** A text run the budget did not allow to decode. */
  record Skipped(int start, int end, String kind) {}

  /** An encoded-looking run, not yet decoded. */
  record Candidate(int start, int end, String kind) {}

  private EncodedPayloads() {}

  /**
   * The encoded-looking runs of {@code raw}, in order, without decoding them: base64 runs of at
   * least {@link #MIN_BASE64} chars with mixed case, even-length hex runs of at least {@link
   * #MIN_HEX} chars, and whitespace-free tokens with three or more percent escapes.
   */
  static List<Candidate> candidates(CharSequence raw) {
    List<Candidate> found = new ArrayList<>();
    int n = raw.length();
    int i = 0;
    while (i < n) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < n && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2))) {
        i = percentRun(raw, i, found);
        continue;
      }
      if (!base64Char(c)) {
        i++;
        continue;
      }
      int start = i;
      boolean upper = false;
      boolean lower = false;
      boolean digit = false;
      boolean symbol = false;
      boolean allHex = true;
      while (i < n && base64Char(raw.charAt(i))) {
        char d = raw.charAt(i);
        if (d >= 'A' && d <= 'Z') {
          upper = true;
        } else if (d >= 'a' && d <= 'z') {
          lower = true;
        } else if (d >= '0' && d <= '9') {
          digit = true;
        } else {
          symbol = true;
        }
        allHex &= hex(d);
        i++;
      }
      int end = i;
      while (i < n && raw.charAt(i) == '=' && i - end < 2) {
        i++;
      }
      int length = end - start;
      if (allHex && length >= MIN_HEX && length % 2 == 0 && digit && (upper || lower)) {
        found.add(new Candidate(start, end, "hex"));
      } else if (length >= MIN_BASE64 && upper && lower && (digit || symbol || i > end)) {
        found.add(new Candidate(start, end, "base64"));
      }
    }
    return found;
  }

  /**
   * Decodes one candidate if it holds text. Returns a {@link Decoded}, a {@link Skipped} when the
   * budget does not allow decoding a text run ({@code budget[0]}: decoded chars left in this call,
   * {@code budget[1]}: runs left), or {@code null} for binary data (images, keys, hashes).
   */
  static Object decode(CharSequence raw, Candidate candidate, int[] budget) {
    int start = candidate.start();
    int end = candidate.end();
    String kind = candidate.kind();
    if (kind.equals("url")) {
      if (end - start > budget[0] || budget[1] <= 0) {
        return null; // percent-escapes are common in links; only decoded while the budget lasts
      }
      String text = percentDecode(raw, start, end);
      if (text == null || !printable(text)) {
        return null;
      }
      budget[0] -= text.length();
      budget[1]--;
      return new Decoded(start, end, kind, text, false);
    }
    int probeEnd = Math.min(end, start + PROBE_CHARS);
    String sample = decode(raw, start, probeEnd, kind);
    if (sample == null || !printable(sample)) {
      return null;
    }
    int size = kind.equals("hex") ? (end - start) / 2 : (end - start) * 3 / 4;
    if (size > budget[0] || budget[1] <= 0) {
      return new Skipped(start, end, kind);
    }
    String text = probeEnd == end ? sample : decode(raw, start, end, kind);
    if (text == null || !printable(text)) {
      return null;
    }
    budget[0] -= text.length();
    budget[1]--;
    return new Decoded(start, end, kind, text, naturalLanguage(text));
  }

  private static String decode(CharSequence raw, int start, int end, String kind) {
    return kind.equals("hex") ? hexDecode(raw, start, end) : base64Decode(raw, start, end);
  }

  /** A whitespace-free token around {@code at} with three or more escapes; returns its end. */
  private static int percentRun(CharSequence raw, int at, List<Candidate> found) {
    int n = raw.length();
    int start = at;
    while (start > 0 && !Character.isWhitespace(raw.charAt(start - 1)) && at - start < 256) {
      start--;
    }
    int i = at;
    int escapes = 0;
    while (i < n && !Character.isWhitespace(raw.charAt(i)) && i - at < 65536) {
      if (raw.charAt(i) == '%' && i + 2 < n && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2))) {
        escapes++;
        i += 3;
      } else {
        i++;
      }
    }
    if (escapes >= 3) {
      found.add(new Candidate(start, i, "url"));
    }
    return i;
  }

  private static String percentDecode(CharSequence raw, int start, int end) {
    byte[] bytes = new byte[end - start];
    int length = 0;
    for (int k = start; k < end; k++) {
      char c = raw.charAt(k);
      if (c == '%' && k + 2 < end && hex(raw.charAt(k + 1)) && hex(raw.charAt(k + 2))) {
        bytes[length++] =
            (byte)
                (Character.digit(raw.charAt(k + 1), 16) * 16
                    + Character.digit(raw.charAt(k + 2), 16));
        k += 2;
      } else if (c == '+') {
        bytes[length++] = ' ';
      } else if (c < 128) {
        bytes[length++] = (byte) c;
      }
    }
    return utf8(bytes, length);
  }

  static boolean base64Char(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '-'
        || c == '_';
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String base64Decode(CharSequence raw, int start, int end) {
    int length = (end - start) & ~3;
    if (length == 0) {
      return null;
    }
    byte[] out = new byte[length / 4 * 3];
    int o = 0;
    for (int k = start; k < start + length; k += 4) {
      int a = value(raw.charAt(k));
      int b = value(raw.charAt(k + 1));
      int c = value(raw.charAt(k + 2));
      int d = value(raw.charAt(k + 3));
      if (a < 0 || b < 0 || c < 0 || d < 0) {
        return null;
      }
      int bits = (a << 18) | (b << 12) | (c << 6) | d;
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
    }
    return utf8(out, o);
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
      return 62;
    }
    if (c == '/' || c == '_') {
      return 63;
    }
    return -1;
  }

  private static String hexDecode(CharSequence raw, int start, int end) {
    int length = (end - start) & ~1;
    byte[] out = new byte[length / 2];
    for (int k = 0; k < out.length; k++) {
      out[k] =
          (byte)
              (Character.digit(raw.charAt(start + 2 * k), 16) * 16
                  + Character.digit(raw.charAt(start + 2 * k + 1), 16));
    }
    return utf8(out, out.length);
  }

  /** Strict UTF-8 (malformed input is binary), tolerating a sequence cut at the end. */
  private static String utf8(byte[] bytes, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int trim = 0; trim < 4 && trim <= length; trim++) {
      try {
        CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, 0, length - trim));
        return chars.toString();
      } catch (CharacterCodingException e) {
        // try again without a possibly cut trailing sequence
      }
    }
    return null;
  }

  /** Mostly printable: at least 90% of the chars are not control chars (tabs and newlines are). */
  static boolean printable(String text) {
    if (text.isEmpty()) {
      return false;
    }
    int control = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        control++;
      }
    }
    return control * 10 <= text.length();
  }

  /** Reads like prose: several words separated by spaces, mostly letters. */
  static boolean naturalLanguage(String text) {
    int spaces = 0;
    int letters = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == ' ') {
        spaces++;
      } else if (Character.isLetter(c)) {
        letters++;
      }
    }
    return spaces >= 3 && (letters + spaces) * 10 >= text.length() * 7;
  }
}
