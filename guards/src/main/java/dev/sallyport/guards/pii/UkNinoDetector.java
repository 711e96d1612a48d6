package dev.sallyport.guards.pii;

import java.util.Set;

/**
 * UK National Insurance numbers: two prefix letters, six digits (optionally in pairs separated by
 * single spaces) and a suffix A–D, all in one case. Prefixes HMRC never allocates are refused: D,
 * F, I, Q, U or V as either letter, O as the second, and BG, GB, KN, NK, NT, TN, ZZ.
 */
public final class UkNinoDetector implements Detector {
  private static final Set<String> NOT_ALLOCATED = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

  @Override
  public String name() {
    return "uk-nino";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    for (int i = 0; i + 9 <= n; i++) {
      char a = text.charAt(i);
      if (!Chars.letter(a)) {
        continue;
      }
      char third = text.charAt(i + 2);
      // Cheapest test first: two letters are followed by a digit, or a space and a digit.
      if (!(Chars.digit(third) || (third == ' ' && Chars.digit(text.charAt(i + 3))))
          || !Chars.letter(text.charAt(i + 1))
          || !Chars.boundaryBefore(text, i)) {
        continue;
      }
      int end = match(text, i);
      if (end > 0) {
        findings.add(new Finding(EntityType.UK_NINO, i, end, 0.85, "nino-prefix"));
        i = end - 1;
      }
    }
  }

  private static int match(CharSequence text, int start) {
    int n = text.length();
    char a = text.charAt(start);
    char b = text.charAt(start + 1);
    boolean upper = Chars.upper(a);
    if (!Chars.letter(b) || Chars.upper(b) != upper || !prefixAllocated(a, b)) {
      return -1;
    }
    int i = start + 2;
    boolean spaced = i < n && text.charAt(i) == ' ';
    for (int pair = 0; pair < 3; pair++) {
      if (spaced) {
        if (i >= n || text.charAt(i) != ' ') {
          return -1;
        }
        i++;
      }
      if (i + 2 > n || !Chars.digit(text.charAt(i)) || !Chars.digit(text.charAt(i + 1))) {
        return -1;
      }
      i += 2;
    }
    if (spaced && i < n && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= n) {
      return -1;
    }
    char suffix = Chars.toUpper(text.charAt(i));
    if (suffix < 'A' || suffix > 'D' || Chars.upper(text.charAt(i)) != upper) {
      return -1;
    }
    i++;
    return Chars.boundaryAt(text, i) ? i : -1;
  }

  private static boolean prefixAllocated(char a, char b) {
    char first = Chars.toUpper(a);
    char second = Chars.toUpper(b);
    if ("DFIQUV".indexOf(first) >= 0 || "DFIOQUV".indexOf(second) >= 0) {
      return false;
    }
    return !NOT_ALLOCATED.contains(String.valueOf(new char[] {first, second}));
  }
}
