package dev.sallyport.guards.secrets;

/** A view of {@code text[start, end)} that copies nothing, for RE2/J to match against. */
final class CharWindow implements CharSequence {
  private final CharSequence text;
  private final int start;
  private final int end;

  CharWindow(CharSequence text, int start, int end) {
    this.text = text;
    this.start = start;
    this.end = end;
  }

  @Override
  public int length() {
    return end - start;
  }

  @Override
  public char charAt(int index) {
    return text.charAt(start + index);
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return new CharWindow(text, start + from, start + to);
  }

  @Override
  public String toString() {
    return text.subSequence(start, end).toString();
  }
}
