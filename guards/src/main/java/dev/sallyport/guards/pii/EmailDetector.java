package dev.sallyport.guards.pii;

/**
 * E-mail addresses: a local part of letters, digits and {@code ._%+-'} (at most 64 chars), an
 * {@code @}, and a domain of at least two labels whose last label is alphabetic (or an IDNA {@code
 * xn--} label). Scans from each {@code @} outwards, at most 64 chars left and 253 right, so work is
 * linear whatever the text.
 */
public final class EmailDetector implements Detector {
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    int resumeAt = 0;
    for (int at = next(text, 0); at >= 0; at = next(text, at + 1)) {
      if (at < resumeAt) {
        continue;
      }
      int runStart = at;
      while (runStart > 0 && at - runStart <= MAX_LOCAL && localChar(text.charAt(runStart - 1))) {
        runStart--;
      }
      if (at - runStart > MAX_LOCAL || (runStart > 0 && text.charAt(runStart - 1) == '@')) {
        continue; // longer than a local part may be, or glued to another address ("a@b@c")
      }
      int start = runStart;
      // Trim what cannot begin a local part in running text ("...john@x.com", "'john@x.com'").
      while (start < at && !Chars.alnum(text.charAt(start))) {
        start++;
      }
      if (start == at || text.charAt(at - 1) == '.') {
        continue;
      }
      int end = domainEnd(text, at + 1);
      if (end < 0) {
        continue;
      }
      findings.add(new Finding(EntityType.EMAIL_ADDRESS, start, end, 0.95, "email"));
      resumeAt = end;
    }
  }

  /** The next {@code @} at or after {@code from}, or -1 (vectorised for strings). */
  private static int next(CharSequence text, int from) {
    if (text instanceof String s) {
      return s.indexOf('@', from);
    }
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == '@') {
        return i;
      }
    }
    return -1;
  }

  /** The end of a valid domain starting at {@code from}, or -1. */
  private static int domainEnd(CharSequence text, int from) {
    int n = text.length();
    int i = from;
    int labels = 0;
    int lastLabelStart = -1;
    int lastLabelEnd = -1;
    while (i < n && i - from <= MAX_DOMAIN) {
      int labelStart = i;
      while (i < n
          && (Chars.alnum(text.charAt(i)) || text.charAt(i) == '-')
          && i - labelStart < 63) {
        i++;
      }
      if (i == labelStart
          || text.charAt(labelStart) == '-'
          || text.charAt(i - 1) == '-'
          || (i < n && (Chars.alnum(text.charAt(i)) || text.charAt(i) == '-'))) {
        break;
      }
      labels++;
      lastLabelStart = labelStart;
      lastLabelEnd = i;
      if (i + 1 < n && text.charAt(i) == '.' && Chars.alnum(text.charAt(i + 1))) {
        i++;
        continue;
      }
      break;
    }
    if (labels < 2 || !topLevel(text, lastLabelStart, lastLabelEnd)) {
      return -1;
    }
    if (lastLabelEnd < n
        && (Chars.wordChar(text.charAt(lastLabelEnd)) || text.charAt(lastLabelEnd) == '@')) {
      return -1;
    }
    return lastLabelEnd;
  }

  private static boolean topLevel(CharSequence text, int start, int end) {
    int length = end - start;
    if (length >= 4
        && Chars.toLower(text.charAt(start)) == 'x'
        && Chars.toLower(text.charAt(start + 1)) == 'n'
        && text.charAt(start + 2) == '-'
        && text.charAt(start + 3) == '-') {
      return true;
    }
    if (length < 2 || length > 24) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (!Chars.letter(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean localChar(char c) {
    // RFC 5322 allows more (!#$&*/=?^`{|}~), but in prose those chars are punctuation around an
    // address, not part of it; the usual practical subset.
    return Chars.alnum(c) || "._%+-'".indexOf(c) >= 0;
  }
}
