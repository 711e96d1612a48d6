package dev.sallyport.guards.screen;

/**
 * A text as the screen reads it (see {@link Folding}), with what folding removed counted:
 * zero-width chars inside words, bidirectional controls, Unicode tag characters (and the ASCII they
 * spell), variation selectors used to smuggle bytes, and words that mix ASCII letters with
 * look-alikes from other scripts. One pass, one char of output per char (or surrogate pair) kept.
 */
final class FoldedText {
  private static final int BLACK_FLAG = 0x1F3F4;

  final char[] chars;

  /**
   * Whether the raw char behind each folded char was an upper-case letter: case is folded away, but
   * it still shows where glued words meet ("USAIgnore", "accordingly.TODO").
   */
  final boolean[] upper;

  final int length;

  /** Zero-width chars between two letters: used to split words so filters miss them. */
  final int zeroWidthInWords;

  final int bidiControls;

  /** Tag chars not part of an emoji flag sequence. */
  final int tagChars;

  final int supplementaryVariations;
  final int mixedScriptWords;

  /** The ASCII that tag chars spell, up to the decode budget. */
  final String tagPayload;

  private FoldedText(
      char[] chars,
      boolean[] upper,
      int length,
      int zeroWidthInWords,
      int bidiControls,
      int tagChars,
      int supplementaryVariations,
      int mixedScriptWords,
      String tagPayload) {
    this.chars = chars;
    this.upper = upper;
    this.length = length;
    this.zeroWidthInWords = zeroWidthInWords;
    this.bidiControls = bidiControls;
    this.tagChars = tagChars;
    this.supplementaryVariations = supplementaryVariations;
    this.mixedScriptWords = mixedScriptWords;
    this.tagPayload = tagPayload;
  }

  static FoldedText of(CharSequence raw, int tagBudget) {
    int n = raw.length();
    char[] out = new char[n];
    boolean[] upper = new boolean[n];
    int length = 0;
    int zeroWidthInWords = 0;
    int pendingZeroWidth = 0;
    int bidi = 0;
    int tags = 0;
    int variations = 0;
    int mixed = 0;
    boolean wordAscii = false;
    boolean wordConfusable = false;
    int previousCodePoint = 0;
    StringBuilder payload = new StringBuilder();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c < 128 && c != '\\') {
        // The common case, kept short: ASCII folds to lower case and is never hidden.
        previousCodePoint = c;
        char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        boolean alnum = (lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9');
        if (pendingZeroWidth > 0) {
          if (alnum && length > 0 && isWordChar(out[length - 1])) {
            zeroWidthInWords += pendingZeroWidth;
          }
          pendingZeroWidth = 0;
        }
        if (alnum) {
          wordAscii |= c > '9';
        } else {
          if (wordAscii && wordConfusable) {
            mixed++;
          }
          wordAscii = false;
          wordConfusable = false;
        }
        upper[length] = lower != c;
        out[length++] = lower;
        continue;
      }
      char folded;
      byte kind;
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(raw.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, raw.charAt(i + 1));
        i++;
        if (Folding.tag(cp)) {
          boolean flagSequence = previousCodePoint == BLACK_FLAG || previousCodePoint == -1;
          if (!flagSequence) {
            tags++;
            if (cp >= 0xE0020 && cp <= 0xE007E && payload.length() < tagBudget) {
              payload.append((char) (cp - 0xE0000));
            }
          }
          previousCodePoint = flagSequence ? -1 : cp;
          continue;
        }
        previousCodePoint = cp;
        if (Folding.supplementaryVariation(cp)) {
          variations++;
          continue;
        }
        char math = Folding.foldMath(cp);
        if (math != 0) {
          folded = math;
          kind = Folding.CONFUSABLE;
        } else {
          folded = c; // an emoji or a rare script: a non-word char for the screen
          kind = Folding.PLAIN;
        }
      } else if (c == '\\' && i + 1 < n && escapedBreak(raw.charAt(i + 1))) {
        // JSON and YAML strings in tool output carry line breaks as "\n": read them as breaks,
        // or "\n\nIgnore" would read as the word "nignore".
        i++;
        previousCodePoint = c;
        folded = raw.charAt(i) == 't' ? '\t' : '\n';
        kind = Folding.PLAIN;
      } else {
        previousCodePoint = c;
        kind = Folding.kind(c);
        if (kind == Folding.ZERO_WIDTH) {
          if (c != '\u00AD') { // soft hyphens are ordinary hyphenation hints
            pendingZeroWidth++;
          }
          continue;
        }
        if (kind == Folding.BIDI) {
          bidi++;
          continue;
        }
        if (kind == Folding.VARIATION) {
          continue;
        }
        folded = Folding.fold(c);
      }
      boolean letter = folded < 128 && Character.isLetterOrDigit(folded);
      if (pendingZeroWidth > 0) {
        if (letter && length > 0 && isWordChar(out[length - 1])) {
          zeroWidthInWords += pendingZeroWidth;
        }
        pendingZeroWidth = 0;
      }
      if (letter) {
        if (kind == Folding.CONFUSABLE) {
          wordConfusable = true;
        } else if (kind == Folding.ASCII && Character.isLetter(folded)) {
          wordAscii = true;
        }
      } else {
        if (wordAscii && wordConfusable) {
          mixed++;
        }
        wordAscii = false;
        wordConfusable = false;
      }
      upper[length] = Character.isUpperCase(c);
      out[length++] = folded;
    }
    if (wordAscii && wordConfusable) {
      mixed++;
    }
    return new FoldedText(
        out, upper, length, zeroWidthInWords, bidi, tags, variations, mixed, payload.toString());
  }

  private static boolean escapedBreak(char c) {
    return c == 'n' || c == 'r' || c == 't';
  }

  /**
   * Whether a new word starts at {@code i} although the previous char is a word char: a camel-case
   * step ("reviewsIgnore", "USAIgnore") or an underscore before a capital ("External_Ignore").
   * Injected text glued to the data before it is read as its own words.
   */
  boolean wordBreakAt(int i) {
    if (i == 0 || !upper[i]) {
      return false;
    }
    char before = chars[i - 1];
    if (before == '_') {
      return true;
    }
    if (before >= 'a' && before <= 'z' && !upper[i - 1]) {
      return true;
    }
    return upper[i - 1]
        && i + 1 < length
        && chars[i + 1] >= 'a'
        && chars[i + 1] <= 'z'
        && !upper[i + 1];
  }

  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }

  /**
   * The raw index of each folded index in {@code foldedIndexes} (sorted ascending, in place), by
   * replaying the fold: linear, and only needed when signals are reported.
   */
  static void toRaw(CharSequence raw, int[] foldedIndexes) {
    int n = raw.length();
    int folded = 0;
    int k = 0;
    int i = 0;
    while (i < n && k < foldedIndexes.length) {
      char c = raw.charAt(i);
      int width = 1;
      boolean kept;
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(raw.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, raw.charAt(i + 1));
        width = 2;
        kept = !Folding.tag(cp) && !Folding.supplementaryVariation(cp);
      } else if (c == '\\' && i + 1 < n && escapedBreak(raw.charAt(i + 1))) {
        width = 2;
        kept = true;
      } else {
        byte kind = Folding.kind(c);
        kept = kind != Folding.ZERO_WIDTH && kind != Folding.BIDI && kind != Folding.VARIATION;
      }
      if (kept) {
        while (k < foldedIndexes.length && foldedIndexes[k] <= folded) {
          foldedIndexes[k++] = i;
        }
        folded++;
      }
      i += width;
    }
    while (k < foldedIndexes.length) {
      foldedIndexes[k++] = n;
    }
  }
}
