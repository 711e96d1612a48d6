package dev.sallyport.guards.secrets;

import java.util.Locale;
import java.util.Set;

/**
 * Tests that tell a real credential from the look-alikes documentation and code are full of:
 * placeholders ({@code xxxx}, {@code EXAMPLE}, {@code <your token>}), variables ({@code $TOKEN},
 * {@code ${{ secrets.X }}}), counting sequences ({@code abc123}), and low-entropy strings.
 */
final class Randomness {
  private static final Set<String> PLACEHOLDER_WORDS =
      Set.of(
          "example",
          "sample",
          "dummy",
          "placeholder",
          "changeme",
          "change_me",
          "redacted",
          "your_",
          "yourtoken",
          "your-",
          "insert_",
          "notreal",
          "put_your",
          "_here",
          "tokenhere",
          "keyhere",
          "goes_here");

  private Randomness() {}

  /** Shannon entropy in bits per char of {@code s[from, to)}. */
  static double entropy(CharSequence s, int from, int to) {
    int length = to - from;
    if (length <= 0) {
      return 0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / length;
        h -= p * Math.log(p);
      }
    }
    if (other > 0) {
      double p = (double) other / length;
      h -= p * Math.log(p);
    }
    return h / Math.log(2);
  }

  /**
   * True for strings that stand in for a secret: a run of six or more of one char ({@code xxxxxx},
   * {@code ******}, {@code 000000}), or a placeholder word.
   */
  static boolean placeholder(CharSequence s, int from, int to) {
    int run = 1;
    for (int i = from + 1; i < to; i++) {
      char a = Character.toLowerCase(s.charAt(i));
      char b = Character.toLowerCase(s.charAt(i - 1));
      run = a == b ? run + 1 : 1;
      if (run >= 6) {
        return true;
      }
    }
    if (to - from > 256) {
      return false; // long random blobs: the words below would only match by chance
    }
    String lower = s.subSequence(from, to).toString().toLowerCase(Locale.ROOT);
    for (String word : PLACEHOLDER_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when many neighbouring chars count up ({@code abcdef}, {@code 123456}, {@code abc123xyz}):
   * typed by a person writing an example, not drawn at random.
   */
  static boolean sequential(CharSequence s, int from, int to) {
    int pairs = 0;
    int ascending = 0;
    for (int i = from + 1; i < to; i++) {
      char a = s.charAt(i - 1);
      char b = s.charAt(i);
      if (Character.isLetterOrDigit(a) && Character.isLetterOrDigit(b)) {
        pairs++;
        if (b == a + 1) {
          ascending++;
        }
      }
    }
    return pairs >= 8 && ascending * 4 >= pairs;
  }

  /** True for a reference to a value kept elsewhere: {@code $X}, {@code ${X}}, {@code {{ x }}}. */
  static boolean variable(CharSequence s, int from, int to) {
    if (to <= from) {
      return true;
    }
    char first = s.charAt(from);
    if (first == '$' || first == '%' || first == '<' || first == '&' || first == '@') {
      return true;
    }
    for (int i = from; i + 1 < to; i++) {
      char a = s.charAt(i);
      char b = s.charAt(i + 1);
      if ((a == '$' && b == '{')
          || (a == '{' && b == '{')
          || (a == '#' && b == '{')
          || (a == '$' && b == '(')) {
        return true;
      }
    }
    return false;
  }

  /** How many of lower case, upper case, digits and other chars occur. */
  static int classes(CharSequence s, int from, int to) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
  }

  static boolean hasDigit(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }
}
