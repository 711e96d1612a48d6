package dev.sallyport.guards.pii;

import java.util.Set;

/**
 * Phone numbers in the written forms people use: an optional {@code +} and country code, groups of
 * digits separated by single spaces, hyphens or dots, an area code in parentheses, a trunk {@code
 * (0)}, and an extension ({@code x123}, {@code ext. 123}). Numbering plans differ too much for a
 * checksum, so confidence comes from shape and context:
 *
 * <ul>
 *   <li>strong shapes (international prefix, area code in parentheses, extension): reported alone;
 *   <li>grouped digits (7–15 digits in two or more groups) are reported alone unless they read as a
 *       date, a decimal or a thousands-grouped amount;
 *   <li>a bare run of digits, a six-digit number, two groups separated by a space (which is also
 *       how addresses read: "17151 2450 Crown St") or an amount-like grouping needs a word such as
 *       "phone", "call", "fax" or "mobile" nearby.
 * </ul>
 */
public final class PhoneDetector implements Detector {
  private static final int MAX_DIGITS = 15;
  private static final int MAX_GROUPS = 8;
  private static final ContextWords CONTEXT =
      new ContextWords(
          Set.of(
              "phone",
              "phones",
              "telephone",
              "tel",
              "mobile",
              "cell",
              "cellphone",
              "fax",
              "call",
              "calls",
              "calling",
              "sms",
              "text",
              "whatsapp",
              "signal",
              "contact",
              "reach",
              "dial",
              "office",
              "desk",
              "landline",
              "hotline",
              "answering",
              "message",
              "messages",
              "number",
              "ring",
              "voicemail",
              "telefon",
              "telefono",
              "numero",
              "tlf",
              "ph"),
          48,
          16);

  /** Words that name another kind of number just before a candidate. */
  private static final ContextWords OTHER_NUMBERS =
      new ContextWords(
          Set.of(
              "license",
              "licence",
              "passport",
              "account",
              "acct",
              "order",
              "invoice",
              "tracking",
              "reference",
              "ref",
              "serial",
              "routing",
              "policy",
              "customer",
              "member",
              "ticket",
              "case",
              "confirmation",
              "card",
              "apt",
              "apartment",
              "suite",
              "unit",
              "box",
              "floor",
              "room",
              "building",
              "zip",
              "postcode",
              "postal",
              "iban",
              "ssn",
              "id"),
          24,
          0);

  @Override
  public String name() {
    return "phone";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    int[] groupLengths = new int[MAX_GROUPS];
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!(Chars.digit(c) || c == '+' || c == '(') || !leftBoundary(text, i)) {
        i++;
        continue;
      }
      int start = i;
      boolean plus = false;
      if (c == '+') {
        plus = true;
        i++;
      }
      int digits = 0;
      int groups = 0;
      boolean parens = false;
      boolean tooLong = false;
      char separator = 0;
      boolean mixed = false;
      boolean dotted = false;
      while (i < n) {
        char g = text.charAt(i);
        int groupStart = i;
        if (g == '(') {
          int k = i + 1;
          while (k < n && Chars.digit(text.charAt(k)) && k - i <= 5) {
            k++;
          }
          if (k == i + 1 || k >= n || text.charAt(k) != ')') {
            break;
          }
          parens = true;
          digits += k - i - 1;
          if (groups < MAX_GROUPS) {
            groupLengths[groups] = k - i - 1;
          }
          groups++;
          i = k + 1;
        } else if (Chars.digit(g)) {
          while (i < n && Chars.digit(text.charAt(i))) {
            i++;
          }
          digits += i - groupStart;
          if (groups < MAX_GROUPS) {
            groupLengths[groups] = i - groupStart;
          }
          groups++;
        } else {
          break;
        }
        if (digits > MAX_DIGITS) {
          tooLong = true;
          break;
        }
        if (i >= n) {
          break;
        }
        char s = text.charAt(i);
        if (s == ' ' || s == '-' || s == '.') {
          if (i + 1 < n && (Chars.digit(text.charAt(i + 1)) || text.charAt(i + 1) == '(')) {
            if (separator != 0 && separator != s) {
              mixed = true;
            }
            if (s == '.') {
              dotted = true;
            }
            separator = s;
            i++;
            continue;
          }
          break;
        }
        if (Chars.digit(s) || s == '(') {
          continue; // "(415)555-0132": no separator after the parentheses
        }
        break;
      }
      int end = i;
      int extensionEnd = extension(text, end);
      boolean hasExtension = extensionEnd > end;
      if (hasExtension) {
        end = extensionEnd;
      }
      // Consume the rest of a long run so that none of its suffixes is tried again.
      while (i < n && (Chars.digit(text.charAt(i)) || text.charAt(i) == '(')) {
        i++;
      }
      if (tooLong || digits < 6 || !Chars.boundaryAt(text, end) || continuesNumber(text, end)) {
        if (i == start) {
          i++;
        }
        continue;
      }
      double confidence =
          confidence(
              plus, parens, hasExtension, digits, groups, groupLengths, separator, mixed, dotted);
      if (OTHER_NUMBERS.near(text, start, start)) {
        confidence -= 0.25; // "license number 425700624", "Apt. 722 20 40": another kind of number
      } else if (CONTEXT.near(text, start, end)) {
        confidence = Math.min(0.95, confidence + 0.35);
      }
      if (confidence > 0.0) {
        findings.add(new Finding(EntityType.PHONE_NUMBER, start, end, confidence, "phone-shape"));
      }
      i = Math.max(i, end);
    }
  }

  private static double confidence(
      boolean plus,
      boolean parens,
      boolean extension,
      int digits,
      int groups,
      int[] lengths,
      char separator,
      boolean mixed,
      boolean dotted) {
    if (plus) {
      return digits >= 8 ? 0.85 : 0.3;
    }
    if ((parens || extension) && digits >= 7) {
      return 0.8;
    }
    if (groups == 1) {
      return digits >= 7 ? 0.3 : 0.1; // a bare number: only context makes it a phone
    }
    int shown = Math.min(groups, MAX_GROUPS);
    if (date(lengths, shown, separator, mixed)) {
      return 0.0;
    }
    if (dotted && !mixed && groups < 3) {
      return 0.1; // a decimal number
    }
    if (digits < 7) {
      return 0.2;
    }
    if (groups == 2 && separator == ' ') {
      return 0.3; // "17151 2450 Crown St": house numbers read the same way
    }
    if (amountLike(lengths, shown, separator)) {
      return 0.3;
    }
    return 0.6;
  }

  /** Day, month and year in some order: 25-05-2024, 2024.05.25, 25/05/24 (two separators). */
  private static boolean date(int[] lengths, int groups, char separator, boolean mixed) {
    if (groups != 3 || mixed || separator == ' ') {
      return false;
    }
    return (lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2)
        || (lengths[0] <= 2 && lengths[1] <= 2 && (lengths[2] == 4 || lengths[2] == 2));
  }

  /** 1 234 567 or 12.345.678: how amounts and counts are grouped in many locales. */
  private static boolean amountLike(int[] lengths, int groups, char separator) {
    if (separator == '-' || lengths[0] > 3) {
      return false;
    }
    for (int g = 1; g < groups; g++) {
      if (lengths[g] != 3) {
        return false;
      }
    }
    return true;
  }

  private static int extension(CharSequence text, int end) {
    int n = text.length();
    int i = end;
    if (i < n && text.charAt(i) == ' ') {
      i++;
    }
    int markerEnd = -1;
    if (i < n && (text.charAt(i) == 'x' || text.charAt(i) == '#')) {
      markerEnd = i + 1;
    } else if (i + 3 <= n
        && Chars.toLower(text.charAt(i)) == 'e'
        && Chars.toLower(text.charAt(i + 1)) == 'x'
        && Chars.toLower(text.charAt(i + 2)) == 't') {
      markerEnd = i + 3;
      if (markerEnd < n && text.charAt(markerEnd) == '.') {
        markerEnd++;
      }
      if (markerEnd < n && text.charAt(markerEnd) == ' ') {
        markerEnd++;
      }
    }
    if (markerEnd < 0) {
      return end;
    }
    int k = markerEnd;
    while (k < n && Chars.digit(text.charAt(k)) && k - markerEnd < 6) {
      k++;
    }
    return k > markerEnd && Chars.boundaryAt(text, k) ? k : end;
  }

  private static boolean leftBoundary(CharSequence text, int i) {
    if (!Chars.boundaryBefore(text, i)) {
      return false;
    }
    if (i >= 1) {
      char c = text.charAt(i - 1);
      if (c == '+' || c == '$' || c == '€' || c == '£' || c == '#' || c == '/') {
        return false;
      }
      if ((c == '-' || c == '.' || c == ',' || c == ':')
          && i >= 2
          && Chars.digit(text.charAt(i - 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean continuesNumber(CharSequence text, int end) {
    if (end + 1 >= text.length()) {
      return false;
    }
    char c = text.charAt(end);
    return (c == ',' || c == '.' || c == ':' || c == '/') && Chars.digit(text.charAt(end + 1));
  }
}
