package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {
  private final PhoneDetector detector = new PhoneDetector();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "My US number is (415) 555-0132 | (415) 555-0132",
        "international: +1 415 555 0132 | +1 415 555 0132",
        "+41 (0)62 585 51 90 | +41 (0)62 585 51 90",
        "call 833.719.3994x1887 now | 833.719.3994x1887",
        "Fax: 02.27.96.63.08 | 02.27.96.63.08",
        "Mobile: 737 219 628 | 737 219 628",
        "Desk: 5403926876 | 5403926876",
        "They're not answering at 450 0840 | 450 0840",
        "My CN number is 13812345678 | 13812345678",
        "60-56-85-91 office | 60-56-85-91",
      })
  void findsPhoneNumbers(String text, String phone) {
    assertThat(Scanning.confident(detector, text, 0.5)).containsExactly(phone);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "on 2024-05-25 at noon", // a date
        "25.05.2024", // a date
        "the value is 3.14159265", // a decimal
        "population 1 234 567", // an amount
        "lives at 17151 2450 Crown St", // a house number and a street number
        "driver's license number 425700624", // another kind of number
        "Apt. 722 20 40 rue Victor Hugo",
        "order 12345",
      })
  void refusesOtherNumbers(String text) {
    assertThat(Scanning.confident(detector, text, 0.5)).isEmpty();
  }
}
