package dev.sallyport.guards.screen;

import java.text.Normalizer;

/**
 * How each char is seen by the screen: invisible chars are dropped (and counted by kind),
 * look-alikes from other scripts (Cyrillic {@code а}, Greek {@code ο}, fullwidth {@code Ｉ},
 * mathematical {@code 𝐈}) fold to the ASCII letter they imitate, accents are stripped, and ASCII
 * is lower-cased. The tables are computed once per class load from {@link Normalizer} (NFKD) plus a
 * list of cross-script confusables; they are never written afterwards.
 */
final class Folding {
  /** Kinds of chars, as counted while folding. */
  static final byte PLAIN = 0;

  static final byte ASCII = 1;
  static final byte ACCENTED = 2;
  static final byte CONFUSABLE = 3;
  static final byte ZERO_WIDTH = 4;
  static final byte BIDI = 5;
  static final byte VARIATION = 6;

  private static final char[] FOLD = new char[0x10000];
  private static final byte[] KIND = new byte[0x10000];

  /** Mathematical alphanumeric symbols U+1D400..U+1D7FF, folded. */
  private static final char[] MATH = new char[0x400];

  private static final String CONFUSABLES =
      // Cyrillic
      "аaеeоoрpсcуyхxіiјjѕsԁdһhӏlԛqԝwАaВbЕeКkМmНhОoРpСcТtХxУyІiЈjЅsӀlԚqԜwЁeёeɡgһh"
          // Greek
          + "αaοoρpεeιiκkνvτtυuχxΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧxϲcϳjϵe"
          // Armenian and others that imitate Latin letters
          + "օoսuհhոnցgԁdɑaɩiʟlℓlⅰiⅼlⅽcⅾdⅿm";

  static {
    for (int c = 0; c < 0x10000; c++) {
      FOLD[c] = (char) c;
      KIND[c] = PLAIN;
    }
    for (int c = 0; c < 128; c++) {
      FOLD[c] = Character.toLowerCase((char) c);
      KIND[c] = ASCII;
    }
    for (int c = 128; c < 0x10000; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      if (!Character.isLetterOrDigit(c)) {
        continue;
      }
      String decomposed = Normalizer.normalize(String.valueOf((char) c), Normalizer.Form.NFKD);
      char first = decomposed.isEmpty() ? 0 : decomposed.charAt(0);
      if (first < 128 && Character.isLetterOrDigit(first)) {
        FOLD[c] = Character.toLowerCase(first);
        boolean latin = Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
        KIND[c] = latin && !(c >= 0xFF00 && c <= 0xFFEF) ? ACCENTED : CONFUSABLE;
      }
    }
    for (int k = 0; k + 1 < CONFUSABLES.length(); k += 2) {
      char c = CONFUSABLES.charAt(k);
      FOLD[c] = CONFUSABLES.charAt(k + 1);
      KIND[c] = CONFUSABLE;
    }
    for (int c :
        new int[] {
          0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x180E, 0x00AD,
          0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x17B4, 0x17B5
        }) {
      KIND[c] = ZERO_WIDTH;
    }
    for (int c :
        new int[] {
          0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
          0x061C
        }) {
      KIND[c] = BIDI;
    }
    for (int c = 0xFE00; c <= 0xFE0F; c++) {
      KIND[c] = VARIATION;
    }
    for (int k = 0; k < MATH.length; k++) {
      int cp = 0x1D400 + k;
      String decomposed =
          Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
      char first = decomposed.isEmpty() ? 0 : decomposed.charAt(0);
      MATH[k] = first < 128 && Character.isLetterOrDigit(first) ? Character.toLowerCase(first) : 0;
    }
  }

  private Folding() {}

  static char fold(char c) {
    return FOLD[c];
  }

  static byte kind(char c) {
    return KIND[c];
  }

  /** The folded ASCII char for a supplementary mathematical letter or digit, or 0. */
  static char foldMath(int codePoint) {
    return codePoint >= 0x1D400 && codePoint < 0x1D800 ? MATH[codePoint - 0x1D400] : 0;
  }

  /** Unicode tag characters (U+E0000..U+E007F) spell ASCII invisibly ("ASCII smuggling"). */
  static boolean tag(int codePoint) {
    return codePoint >= 0xE0000 && codePoint <= 0xE007F;
  }

  /** Supplementary variation selectors (U+E0100..U+E01EF), used to smuggle bytes after emoji. */
  static boolean supplementaryVariation(int codePoint) {
    return codePoint >= 0xE0100 && codePoint <= 0xE01EF;
  }
}
