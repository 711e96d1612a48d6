package dev.sallyport.guards.pii;

/** ASCII character classes and boundary tests shared by the hand-written scanners. */
final class Chars {
  private Chars() {}

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean upper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean lower(char c) {
    return c >= 'a' && c <= 'z';
  }

  static boolean letter(char c) {
    return upper(c) || lower(c);
  }

  static boolean alnum(char c) {
    return digit(c) || letter(c);
  }

  static boolean hex(char c) {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * A word char in the Unicode sense: a letter or digit of any script, or {@code _}. Identifiers
   * glued to such a char ({@code text192.168.1.1}) are part of a bigger token, not findings.
   */
  static boolean wordChar(char c) {
    return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
  }

  private static final boolean[] ASCII_WORD = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_WORD[c] = c == '_' || Character.isLetterOrDigit(c);
    }
  }

  /** True when the char before {@code index} does not continue a word (or there is none). */
  static boolean boundaryBefore(CharSequence text, int index) {
    return index == 0 || !wordChar(text.charAt(index - 1));
  }

  /** True when the char at {@code index} does not continue a word (or the text ends there). */
  static boolean boundaryAt(CharSequence text, int index) {
    return index >= text.length() || !wordChar(text.charAt(index));
  }

  static char toLower(char c) {
    return upper(c) ? (char) (c + 32) : c;
  }

  static char toUpper(char c) {
    return lower(c) ? (char) (c - 32) : c;
  }

  static int digitValue(char c) {
    return c - '0';
  }
}
