package dev.sallyport.guards.pii;

import java.util.Locale;
import java.util.Set;

/**
 * Keywords near a candidate that make it more likely to be what it looks like ("phone", "call",
 * "fax" before a number). The window is bounded, so checking context costs a constant per
 * candidate; words are compared case-insensitively without allocating.
 */
final class ContextWords {
  private final String[] words;
  private final int before;
  private final int after;

  ContextWords(Set<String> words, int before, int after) {
    this.words =
        words.stream().map(w -> w.toLowerCase(Locale.ROOT)).sorted().toArray(String[]::new);
    this.before = before;
    this.after = after;
  }

  /** True when one of the words occurs as a whole word within the window around the span. */
  boolean near(CharSequence text, int start, int end) {
    return any(text, Math.max(0, start - before), start)
        || any(text, end, Math.min(text.length(), end + after));
  }

  private boolean any(CharSequence text, int from, int to) {
    int i = from;
    // A word cut by the window's left edge is not a whole word.
    while (i < to && i > 0 && Chars.letter(text.charAt(i)) && Chars.letter(text.charAt(i - 1))) {
      i++;
    }
    while (i < to) {
      if (!Chars.letter(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && Chars.letter(text.charAt(i))) {
        i++;
      }
      if (i <= to && matches(text, start, i)) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(CharSequence text, int start, int end) {
    int length = end - start;
    for (String word : words) {
      if (word.length() != length) {
        continue;
      }
      boolean same = true;
      for (int k = 0; k < length && same; k++) {
        same = Chars.toLower(text.charAt(start + k)) == word.charAt(k);
      }
      if (same) {
        return true;
      }
    }
    return false;
  }
}
