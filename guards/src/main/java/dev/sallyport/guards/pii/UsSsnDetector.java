package dev.sallyport.guards.pii;

import java.util.Set;

/**
 * US social security numbers: {@code AAA-GG-SSSS} (confidence 0.85; with spaces or dots 0.6), and
 * nine bare or oddly delimited digits (0.5); a word such as "SSN" or "social security" nearby adds
 * 0.4. Numbers the SSA never issues are refused: area 000, 666 or 900–999, group 00, serial 0000,
 * one repeated digit, and the numbers known from advertising (078-05-1120, 219-09-9999,
 * 123-45-6789).
 */
public final class UsSsnDetector implements Detector {
  private static final ContextWords CONTEXT =
      new ContextWords(Set.of("ssn", "ssns", "social", "security", "ss", "taxpayer"), 48, 8);

  @Override
  public String name() {
    return "us-ssn";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    int[] d = new int[9];
    int i = 0;
    while (i < n) {
      if (!Chars.digit(text.charAt(i)) || !boundaryBefore(text, i)) {
        i++;
        continue;
      }
      int start = i;
      int count = 0;
      char first = 0;
      char second = 0;
      int separators = 0;
      boolean shapeOk = true;
      while (i < n) {
        char c = text.charAt(i);
        if (Chars.digit(c)) {
          if (count >= 9) {
            shapeOk = false;
            break;
          }
          d[count++] = c - '0';
          i++;
          continue;
        }
        if ((c == '-' || c == ' ' || c == '.')
            && (count == 3 || count == 5)
            && i + 1 < n
            && Chars.digit(text.charAt(i + 1))) {
          if (count == 3) {
            first = c;
          } else {
            second = c;
          }
          separators++;
          i++;
          continue;
        }
        break;
      }
      int end = i;
      // Skip the whole run of digits so that no part of a longer number is examined again.
      while (i < n && Chars.digit(text.charAt(i))) {
        i++;
      }
      if (!shapeOk || count != 9 || !boundaryAfter(text, end) || !issued(d)) {
        continue;
      }
      double confidence;
      if (separators == 2 && first == second) {
        confidence = first == '-' ? 0.85 : 0.6;
      } else if (separators == 0
          || (first == '-' || second == '-') && first != ' ' && second != ' ') {
        // Nine bare digits, or hyphens in odd places (078-051121): still a valid SSN, and a
        // guard that redacts errs on the side of the person it protects.
        confidence = 0.5;
      } else {
        confidence = 0.3; // "17151 2450": a house number and a street number read the same way
      }
      if (CONTEXT.near(text, start, end)) {
        confidence = Math.min(0.95, confidence + 0.4);
      }
      findings.add(new Finding(EntityType.US_SSN, start, end, confidence, "ssn-groups"));
    }
  }

  private static boolean boundaryBefore(CharSequence text, int i) {
    if (!Chars.boundaryBefore(text, i)) {
      return false;
    }
    if (i >= 2) {
      char c = text.charAt(i - 1);
      // "1-800-555-0100" or "12.345.678.901": the digits continue a longer number.
      return !((c == '-' || c == '.' || c == '/') && Chars.digit(text.charAt(i - 2)));
    }
    return true;
  }

  private static boolean boundaryAfter(CharSequence text, int end) {
    if (!Chars.boundaryAt(text, end)) {
      return false;
    }
    if (end + 1 < text.length()) {
      char c = text.charAt(end);
      return !((c == '-' || c == '.' || c == '/') && Chars.digit(text.charAt(end + 1)));
    }
    return true;
  }

  static boolean issued(int[] d) {
    int area = d[0] * 100 + d[1] * 10 + d[2];
    int group = d[3] * 10 + d[4];
    int serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
      return false;
    }
    boolean allSame = true;
    for (int k = 1; k < 9; k++) {
      allSame &= d[k] == d[0];
    }
    if (allSame) {
      return false;
    }
    long value = 0;
    for (int k = 0; k < 9; k++) {
      value = value * 10 + d[k];
    }
    return value != 78_051_120L && value != 219_099_999L && value != 123_456_789L;
  }
}
