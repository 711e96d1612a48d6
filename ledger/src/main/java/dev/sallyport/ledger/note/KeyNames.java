package dev.sallyport.ledger.note;

/** The C2SP rule for key names, shared by keys, signers and signature lines. */
final class KeyNames {
  private KeyNames() {}

  /**
   * A key name is non-empty and holds no Unicode space, no '+' and no control character (the last
   * because a name must fit on a signature line of a note, where those are banned).
   */
  static boolean isValid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == '+'
          || c < 0x20
          || c == 0x7f
          || c == 0x85
          || Character.isWhitespace(c)
          || Character.isSpaceChar(c)
          || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
