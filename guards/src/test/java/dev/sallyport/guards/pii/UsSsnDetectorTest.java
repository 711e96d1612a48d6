package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnDetectorTest {
  private final UsSsnDetector detector = new UsSsnDetector();

  @ParameterizedTest
  @ValueSource(strings = {"078-05-1123", "123-45-6780", "665-12-3456", "899-99-9999"})
  void findsFormattedNumbersWithValidGroups(String ssn) {
    assertThat(Scanning.confident(detector, "ssn " + ssn, 0.8)).containsExactly(ssn);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "000-12-3456", // area 000
        "666-12-3456", // area 666
        "900-12-3456", // area 9xx
        "987-65-4321", // area 9xx (advertising range)
        "123-00-4567", // group 00
        "123-45-0000", // serial 0000
        "111-11-1111", // one repeated digit
        "078-05-1120", // the Woolworth wallet card
        "219-09-9999", // advertising
        "123-45-6789", // never issued
        "1-123-45-6789", // part of a longer number
      })
  void refusesNumbersTheSsaNeverIssues(String text) {
    assertThat(Scanning.matches(detector, text)).isEmpty();
  }

  @Test
  void bareDigitsAreReportedWithLowerConfidenceAndContextRaisesIt() {
    assertThat(Scanning.findings(detector, "078051121").getFirst().confidence()).isEqualTo(0.5);
    assertThat(Scanning.findings(detector, "my SSN is 078051121").getFirst().confidence())
        .isGreaterThan(0.8);
  }

  @Test
  void houseNumbersWithASpaceNeedContext() {
    assertThat(Scanning.confident(detector, "lives at 17151 2450 Crown St", 0.5)).isEmpty();
  }
}
