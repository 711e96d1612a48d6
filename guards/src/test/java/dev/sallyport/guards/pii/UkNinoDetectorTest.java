package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UkNinoDetectorTest {
  private final UkNinoDetector detector = new UkNinoDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {"AA 12 34 56 B", "hh 01 02 03 d", "tw987654a", "YZ 61 48 68 B", "AB123456C"})
  void findsAllocatableNumbers(String nino) {
    assertThat(Scanning.matches(detector, "NINO " + nino + ".")).containsExactly(nino);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DA 12 34 56 B", // D first
        "FQ 00 00 00 C", // F first, Q second
        "AO 12 34 56 B", // O second
        "BG 12 34 56 B", // never allocated
        "GB 12 34 56 B",
        "NK 12 34 56 A",
        "TN 12 34 56 A",
        "ZZ 12 34 56 A",
        "AB 12 34 56 1", // suffix must be A-D
        "AB 12 34 56 E",
        "ab1234561",
        "Ab 12 34 56 C", // mixed case
        "AB 123 456 C", // wrong grouping
      })
  void refusesInvalidPrefixesAndSuffixes(String text) {
    assertThat(Scanning.matches(detector, text)).isEmpty();
  }
}
