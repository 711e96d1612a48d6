package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentCardDetectorTest {
  private final PaymentCardDetector detector = new PaymentCardDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111111111111111", // Visa
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5555555555554444", // Mastercard
        "2223003122003222", // Mastercard 2-series
        "378282246310005", // American Express
        "3782 822463 10005",
        "6011000400000000", // Discover
        "3528000700000000", // JCB
        "30569309025904", // Diners Club
        "6304000000000000", // Maestro
        "503802053770", // Maestro, 12 digits
      })
  void findsCardsWithAValidIssuerAndLuhnChecksum(String card) {
    assertThat(Scanning.matches(detector, "card " + card + " lost")).containsExactly(card);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111111111111112", // Luhn fails
        "4012-8888-8888-1882", // Luhn fails
        "1748503543012", // Luhn holds, but no scheme issues from 1
        "41111111111111111111111", // more than 19 digits
        "4111 1111-1111 1111", // mixed separators
        "x4111111111111111", // glued to a word
        "411111111111", // too short for Visa
      })
  void refusesNumbersThatAreNotCards(String text) {
    assertThat(Scanning.matches(detector, text)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void findsTheCardBeforeATrailingNumber() {
    assertThat(Scanning.matches(detector, "4111 1111 1111 1111 123"))
        .containsExactly("4111 1111 1111 1111");
  }

  @org.junit.jupiter.api.Test
  void aMillionDigitsAreScannedOnceAndYieldNothing() {
    String digits = "7".repeat(1_000_000) + " 4111111111111111";
    assertThat(Scanning.matches(detector, digits)).containsExactly("4111111111111111");
  }
}
