package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {
  private final EmailDetector detector = new EmailDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "info@presidio.site",
        "mark.black-2134@gmail.com",
        "first.last+tag@sub.example.co.uk",
        "user@xn--80ak6aa92e.com",
      })
  void findsAddresses(String address) {
    assertThat(Scanning.matches(detector, "write to '" + address + "'.")).containsExactly(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "info@presidio.",
        "info@presidio",
        "@example.com",
        "user@-bad.com",
        "user@bad-.com",
        "user@example.c0m",
        "user.@example.com",
        "a@b@c",
        "user@@example.com"
      })
  void refusesNearMisses(String text) {
    assertThat(Scanning.matches(detector, text)).isEmpty();
  }

  @Test
  void findsEveryAddressInAList() {
    assertThat(Scanning.matches(detector, "try info@presidio.site or anotherinfo@presidio.site"))
        .containsExactly("info@presidio.site", "anotherinfo@presidio.site");
  }

  @Test
  void aFloodOfAtSignsCompletes() {
    String flood = "a@".repeat(500_000) + " ok@example.com";
    assertThat(Scanning.matches(detector, flood)).containsExactly("ok@example.com");
  }
}
