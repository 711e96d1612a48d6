package dev.sallyport.guards.pii;

/**
 * Payment card numbers: 12 to 19 digits, contiguous or in groups separated by one consistent space
 * or hyphen, whose issuer prefix (IIN) belongs to a card scheme that issues that length, and whose
 * Luhn checksum holds. A run of more than 19 digits is never a card, and when a grouped sequence is
 * longer than a card, only its leading groups are tried (a card followed by a CVV or an expiry).
 */
public final class PaymentCardDetector implements Detector {
  private static final int MAX_DIGITS = 19;
  private static final int MIN_DIGITS = 12;
  private static final int MAX_GROUPS = 8;

  @Override
  public String name() {
    return "payment-card";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    int[] digits = new int[MAX_DIGITS + 1];
    int[] groupEnds = new int[MAX_GROUPS]; // text index just past each group
    int[] groupDigits = new int[MAX_GROUPS]; // cumulative digit count at the end of each group
    int i = 0;
    while (i < n) {
      if (!Chars.digit(text.charAt(i)) || !leftBoundary(text, i)) {
        i++;
        continue;
      }
      int start = i;
      int count = 0;
      int groups = 0;
      char separator = 0;
      boolean overflow = false;
      while (true) {
        int groupStart = i;
        while (i < n && Chars.digit(text.charAt(i))) {
          if (count <= MAX_DIGITS) {
            digits[Math.min(count, MAX_DIGITS)] = Chars.digitValue(text.charAt(i));
          }
          count++;
          i++;
        }
        if (i - groupStart > MAX_DIGITS) {
          overflow = true; // a long digit run is an identifier of some other kind
        }
        if (groups < MAX_GROUPS) {
          groupEnds[groups] = i;
          groupDigits[groups] = Math.min(count, MAX_DIGITS + 1);
          groups++;
        }
        if (count > MAX_DIGITS || groups >= MAX_GROUPS || i + 1 >= n) {
          break;
        }
        char c = text.charAt(i);
        boolean sep = c == ' ' || c == '-';
        if (!sep || (separator != 0 && c != separator) || !Chars.digit(text.charAt(i + 1))) {
          break;
        }
        separator = c;
        i++;
      }
      // Skip the rest of this digit run so that no suffix of it is examined again (linear time).
      while (i < n && Chars.digit(text.charAt(i))) {
        i++;
      }
      if (overflow) {
        continue;
      }
      // The longest leading run of groups that is a valid card wins.
      for (int g = groups - 1; g >= 0; g--) {
        int length = groupDigits[g];
        int end = groupEnds[g];
        if (length > MAX_DIGITS || length < MIN_DIGITS) {
          continue;
        }
        if (!Chars.boundaryAt(text, end)) {
          continue;
        }
        if (schemeIssues(digits, length) && luhn(digits, length)) {
          findings.add(
              new Finding(EntityType.CREDIT_CARD, start, end, g == 0 ? 0.9 : 0.95, "luhn"));
          break;
        }
      }
    }
  }

  private static boolean leftBoundary(CharSequence text, int i) {
    if (i == 0) {
      return true;
    }
    char before = text.charAt(i - 1);
    if (Chars.wordChar(before)) {
      return false;
    }
    // "-4111..." or "1.4111..." continue another number.
    return !((before == '-' || before == '.' || before == ',')
        && i >= 2
        && Chars.digit(text.charAt(i - 2)));
  }

  static boolean luhn(int[] digits, int length) {
    int sum = 0;
    boolean twice = false;
    for (int i = length - 1; i >= 0; i--) {
      int d = digits[i];
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** Issuer identification ranges of the major schemes, with the lengths each issues. */
  static boolean schemeIssues(int[] d, int length) {
    int p1 = d[0];
    int p2 = p1 * 10 + d[1];
    int p3 = p2 * 10 + d[2];
    int p4 = p3 * 10 + d[3];
    int p6 = (p4 * 10 + d[4]) * 10 + d[5];
    if (p1 == 4) { // Visa
      return length == 13 || length == 16 || length == 19;
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) { // Mastercard
      return length == 16;
    }
    if (p2 == 34 || p2 == 37) { // American Express
      return length == 15;
    }
    if (p4 >= 2200 && p4 <= 2204) { // Mir
      return length >= 16 && length <= 19;
    }
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
      return length >= 16 && length <= 19; // Discover
    }
    if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) {
      return length >= 14 && length <= 19; // Diners Club
    }
    if (p2 == 35) { // JCB (3528-3589 allocated; no other scheme issues from 35)
      return length >= 16 && length <= 19;
    }
    if (p4 == 1800 || p4 == 2131) { // JCB, legacy 15-digit ranges
      return length == 15;
    }
    if (p2 == 62 || p2 == 81) { // UnionPay
      return length >= 16 && length <= 19;
    }
    if (p2 == 50 || (p2 >= 56 && p2 <= 69)) { // Maestro (and Dankort 5019, RuPay 60)
      return length >= 12 && length <= 19;
    }
    return false;
  }
}
