package dev.sallyport.guards;

import static java.util.Objects.requireNonNull;

/**
 * A text copied once into a {@code char[]}, for the scanners' hot loops: {@code charAt} on it is an
 * array read, whereas on a {@link String} every read checks the string's coder (Latin-1 or UTF-16),
 * which halves the speed of a UTF-16 string. The copy costs one pass; each detector then reads the
 * array.
 */
public final class CharArrayText implements CharSequence {
  private final char[] chars;
  private final int start;
  private final int end;

  private CharArrayText(char[] chars, int start, int end) {
    this.chars = chars;
    this.start = start;
    this.end = end;
  }

  /** {@code text} itself if it already is one, else a copy. */
  public static CharArrayText of(CharSequence text) {
    requireNonNull(text, "text is null");
    if (text instanceof CharArrayText already) {
      return already;
    }
    char[] chars = new char[text.length()];
    if (text instanceof String s) {
      s.getChars(0, s.length(), chars, 0);
    } else {
      for (int i = 0; i < chars.length; i++) {
        chars[i] = text.charAt(i);
      }
    }
    return new CharArrayText(chars, 0, chars.length);
  }

  @Override
  public int length() {
    return end - start;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= end - start) {
      throw new IndexOutOfBoundsException(index);
    }
    return chars[start + index];
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    if (from < 0 || to > end - start || from > to) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ")");
    }
    return new CharArrayText(chars, start + from, start + to);
  }

  @Override
  public String toString() {
    return new String(chars, start, end - start);
  }
}
