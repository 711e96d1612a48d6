package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {
  private final IbanDetector detector = new IbanDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GB29NWBK60161331926819",
        "GB29 NWBK 6016 1331 9268 19",
        "DE89 3704 0044 0532 0130 00",
        "AL47-2121-1009-0000-0002-3569-8741",
        "gb29nwbk60161331926819",
        "NO9386011117947",
        "MT84MALT011000012345MTLCAST001S",
      })
  void findsValidIbans(String iban) {
    assertThat(Scanning.matches(detector, "pay to " + iban + " today")).containsExactly(iban);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GB29 NWBK 6016 1331 9268 10", // checksum fails
        "DE89 3704 0044 0532 0130 01", // checksum fails
        "AZ21NABZ0000000013701000194", // one char short for Azerbaijan
        "AM47212110090000000235698740", // Armenia does not use IBANs
        "GB29 nWBK 6016 1331 9268 19", // mixed case
        "AL47/2121/1009/0000/0002/3569/8741", // slashes are not separators
        "HR12 001 0051 8630 0016 1", // groups of three
        "XGB29NWBK60161331926819", // glued to a word
      })
  void refusesStringsThatAreNotIbans(String text) {
    assertThat(Scanning.matches(detector, text)).isEmpty();
  }

  @Test
  void stopsAtTheCountrysLengthWhenAWordFollows() {
    String text = "this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence";
    assertThat(Scanning.matches(detector, text)).containsExactly("VG96 VPVG 0000 0123 4567 8901");
  }

  @Test
  void mod97OfTheStandardExampleIsOne() {
    char[] iban = "GB29NWBK60161331926819".toCharArray();
    assertThat(IbanDetector.mod97(iban, iban.length)).isEqualTo(1);
  }
}
