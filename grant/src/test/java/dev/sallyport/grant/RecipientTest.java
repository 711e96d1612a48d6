package dev.sallyport.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Normalisation tables per kind: what is equal, what is refused. */
class RecipientTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "alice@example.com                 | email:alice@example.com",
        "'  Alice@Example.COM  '           | email:Alice@example.com",
        "alice@example.com.                | email:alice@example.com",
        "o'brien+tag@mail.example.org      | email:o'brien+tag@mail.example.org",
        "bob@bücher.example                | email:bob@xn--bcher-kva.example",
        "weird@local@example.com           | ''",
      })
  void normalisesEmailAddresses(String input, String wire) {
    if (wire.isEmpty()) {
      assertThatThrownBy(() -> Recipient.email(input)).isInstanceOf(IllegalArgumentException.class);
    } else {
      assertThat(Recipient.email(input).wire()).isEqualTo(wire);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "@example.com",
        "alice@",
        "alice",
        ".alice@example.com",
        "al..ice@example.com",
        "al ice@example.com",
        "\"alice\"@example.com",
        "ålice@example.com",
        "alice@exa mple.com",
        "alice@-example.com",
        "alice@example..com",
      })
  void refusesInvalidEmailAddresses(String input) {
    assertThatThrownBy(() -> Recipient.email(input)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "example.com, domain:example.com",
    "Example.COM., domain:example.com",
    "BÜCHER.example, domain:xn--bcher-kva.example",
    "localhost, domain:localhost",
  })
  void normalisesDomains(String input, String wire) {
    assertThat(Recipient.domain(input).wire()).isEqualTo(wire);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "example..com", "exa_mple.com", "-a.com", "a-.com", " a.com"})
  void refusesInvalidDomains(String input) {
    assertThatThrownBy(() -> Recipient.domain(input)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "DE89 3704 0044 0532 0130 00, iban:DE89370400440532013000",
    "de89370400440532013000, iban:DE89370400440532013000",
    "GB82 WEST 1234 5698 7654 32, iban:GB82WEST12345698765432",
    "NL91ABNA0417164300, iban:NL91ABNA0417164300",
  })
  void normalisesIbansWithValidCheckDigits(String input, String wire) {
    assertThat(Recipient.iban(input).wire()).isEqualTo(wire);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DE88370400440532013000", // check digits off by one
        "DE89370400440532013001", // account digit changed
        "GB82WEST12345698765423", // digits transposed
        "DE8937040044",
        "1289370400440532013000",
        "DEAB370400440532013000",
        "DE89-3704-0044-0532-0130-00",
      })
  void refusesIbansThatFailTheMod97Check(String input) {
    assertThatThrownBy(() -> Recipient.iban(input)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "https://API.Example.com:8443/v1/pay?x=1, host:api.example.com",
    "https://user@good.example.com/, host:good.example.com",
    "http://203.0.113.7/, host:203.0.113.7",
    "http://[2001:DB8::1]:8080/, host:[2001:db8::1]",
    "https://example.com./, host:example.com",
  })
  void takesTheHostOfAUrl(String url, String wire) {
    assertThat(Recipient.hostOf(url).wire()).isEqualTo(wire);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "mailto:alice@example.com", "https:///path", "/relative"})
  void refusesUrlsWithoutAHost(String url) {
    assertThatThrownBy(() -> Recipient.hostOf(url)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "email:alice@example.com",
        "domain:example.com",
        "iban:DE89370400440532013000",
        "host:api.example.com",
        "host:[2001:db8::1]",
        "none",
      })
  void parsesWhatItWrites(String wire) {
    assertThat(Recipient.parse(wire).wire()).isEqualTo(wire);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "none:", "email", "phone:+4912345", ":x", "domain:"})
  void refusesUnknownOrEmptyWireForms(String wire) {
    assertThatThrownBy(() -> Recipient.parse(wire)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"Example.COM, example.com", "example.com., EXAMPLE.com"})
  void equalSpellingsAreEqualRecipients(String a, String b) {
    assertThat(Recipient.domain(a)).isEqualTo(Recipient.domain(b));
    assertThat(Recipient.email("x@" + a)).isEqualTo(Recipient.email("x@" + b));
  }
}
