package dev.sallyport.guards.pii;

import java.util.Map;

/**
 * International bank account numbers (ISO 13616): a country that uses IBANs, the length that
 * country's IBANs have, and the ISO 7064 mod-97 check. Accepted forms are the electronic one
 * ({@code GB29NWBK60161331926819}) and the print one in groups of four separated by one consistent
 * space or hyphen ({@code GB29 NWBK 6016 1331 9268 19}); the letters must all have the same case (a
 * mixed-case string is a code of some other kind), and the IBAN must end where a word ends.
 */
public final class IbanDetector implements Detector {
  /** IBAN lengths per country, from the SWIFT IBAN registry. */
  private static final Map<String, Integer> LENGTHS =
      Map.ofEntries(
          Map.entry("AD", 24),
          Map.entry("AE", 23),
          Map.entry("AL", 28),
          Map.entry("AT", 20),
          Map.entry("AZ", 28),
          Map.entry("BA", 20),
          Map.entry("BE", 16),
          Map.entry("BG", 22),
          Map.entry("BH", 22),
          Map.entry("BI", 27),
          Map.entry("BR", 29),
          Map.entry("BY", 28),
          Map.entry("CH", 21),
          Map.entry("CR", 22),
          Map.entry("CY", 28),
          Map.entry("CZ", 24),
          Map.entry("DE", 22),
          Map.entry("DJ", 27),
          Map.entry("DK", 18),
          Map.entry("DO", 28),
          Map.entry("EE", 20),
          Map.entry("EG", 29),
          Map.entry("ES", 24),
          Map.entry("FI", 18),
          Map.entry("FK", 18),
          Map.entry("FO", 18),
          Map.entry("FR", 27),
          Map.entry("GB", 22),
          Map.entry("GE", 22),
          Map.entry("GI", 23),
          Map.entry("GL", 18),
          Map.entry("GR", 27),
          Map.entry("GT", 28),
          Map.entry("HN", 28),
          Map.entry("HR", 21),
          Map.entry("HU", 28),
          Map.entry("IE", 22),
          Map.entry("IL", 23),
          Map.entry("IQ", 23),
          Map.entry("IS", 26),
          Map.entry("IT", 27),
          Map.entry("JO", 30),
          Map.entry("KW", 30),
          Map.entry("KZ", 20),
          Map.entry("LB", 28),
          Map.entry("LC", 32),
          Map.entry("LI", 21),
          Map.entry("LT", 20),
          Map.entry("LU", 20),
          Map.entry("LV", 21),
          Map.entry("LY", 25),
          Map.entry("MC", 27),
          Map.entry("MD", 24),
          Map.entry("ME", 22),
          Map.entry("MK", 19),
          Map.entry("MN", 20),
          Map.entry("MR", 27),
          Map.entry("MT", 31),
          Map.entry("MU", 30),
          Map.entry("NI", 28),
          Map.entry("NL", 18),
          Map.entry("NO", 15),
          Map.entry("OM", 23),
          Map.entry("PK", 24),
          Map.entry("PL", 28),
          Map.entry("PS", 29),
          Map.entry("PT", 25),
          Map.entry("QA", 29),
          Map.entry("RO", 24),
          Map.entry("RS", 22),
          Map.entry("RU", 33),
          Map.entry("SA", 24),
          Map.entry("SC", 31),
          Map.entry("SD", 18),
          Map.entry("SE", 24),
          Map.entry("SI", 19),
          Map.entry("SK", 24),
          Map.entry("SM", 27),
          Map.entry("SO", 23),
          Map.entry("ST", 25),
          Map.entry("SV", 28),
          Map.entry("TL", 23),
          Map.entry("TN", 24),
          Map.entry("TR", 26),
          Map.entry("UA", 29),
          Map.entry("VA", 22),
          Map.entry("VG", 24),
          Map.entry("XK", 20),
          Map.entry("YE", 30));

  private static final int MAX_LENGTH = 34;

  @Override
  public String name() {
    return "iban";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    char[] compact = new char[MAX_LENGTH];
    for (int i = 0; i + 4 <= n; i++) {
      char a = text.charAt(i);
      if (!Chars.letter(a) || !Chars.digit(text.charAt(i + 2)) || !Chars.boundaryBefore(text, i)) {
        continue;
      }
      char b = text.charAt(i + 1);
      if (!Chars.letter(b)
          || Chars.upper(a) != Chars.upper(b)
          || !Chars.digit(text.charAt(i + 2))
          || !Chars.digit(text.charAt(i + 3))) {
        continue;
      }
      Integer length = LENGTHS.get(String.valueOf(new char[] {Chars.toUpper(a), Chars.toUpper(b)}));
      if (length == null) {
        continue;
      }
      int end = read(text, i, length, compact, Chars.upper(a));
      if (end > 0 && mod97(compact, length) == 1) {
        findings.add(new Finding(EntityType.IBAN_CODE, i, end, 0.95, "iban-mod97"));
        i = end - 1;
      }
    }
  }

  /**
   * Reads {@code length} alphanumerics starting at {@code start} in electronic or grouped form into
   * {@code out} (upper case); returns the end index, or -1 when the text is not an IBAN of that
   * length.
   */
  private static int read(CharSequence text, int start, int length, char[] out, boolean upperCase) {
    int n = text.length();
    int i = start;
    int count = 0;
    char separator = 0;
    while (count < length) {
      if (i >= n) {
        return -1;
      }
      char c = text.charAt(i);
      if (Chars.alnum(c)) {
        if (Chars.letter(c) && Chars.upper(c) != upperCase) {
          return -1;
        }
        out[count++] = Chars.toUpper(c);
        i++;
        continue;
      }
      if ((c != ' ' && c != '-') || count % 4 != 0 || count == 0) {
        return -1; // separators only between groups of four
      }
      if (separator == 0) {
        if (count != 4) {
          return -1; // grouped from the start, or not at all
        }
        separator = c;
      } else if (c != separator) {
        return -1;
      }
      i++;
    }
    return Chars.boundaryAt(text, i) ? i : -1;
  }

  /** ISO 7064 MOD 97-10 over the rearranged IBAN; 1 means valid. */
  static int mod97(char[] iban, int length) {
    int remainder = 0;
    for (int k = 0; k < length; k++) {
      char c = iban[(k + 4) % length];
      int value = Chars.digit(c) ? c - '0' : c - 'A' + 10;
      remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
    }
    return remainder;
  }
}
