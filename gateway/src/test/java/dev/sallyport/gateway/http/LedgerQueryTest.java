package dev.sallyport.gateway.http;

import static dev.sallyport.gateway.http.LedgerQuery.Endpoint.CONSISTENCY;
import static dev.sallyport.gateway.http.LedgerQuery.Endpoint.ENTRIES;
import static dev.sallyport.gateway.http.LedgerQuery.Endpoint.INCLUSION;
import static dev.sallyport.gateway.http.LedgerQuery.Endpoint.RECEIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger endpoints' query parameters: canonical decimals, each once, within the latest signed
 * size. Boundaries are tables; every refusal is a {@link MalformedRequestException} naming the
 * parameter.
 */
class LedgerQueryTest {
  /** The signed size most cases run against. */
  private static final long SIGNED = 20;

  private static LedgerQuery parse(LedgerQuery.Endpoint endpoint, String query, long signed)
      throws MalformedRequestException {
    return LedgerQuery.parse(endpoint, query, signed);
  }

  private static void assertRefused(
      LedgerQuery.Endpoint endpoint, String query, long signed, String message) {
    assertThatThrownBy(() -> LedgerQuery.parse(endpoint, query, signed))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessage(message);
  }

  @Test
  void parsesEachEndpointsParameters() throws MalformedRequestException {
    assertThat(parse(ENTRIES, "start=2&end=7", SIGNED)).isEqualTo(new LedgerQuery.Entries(2, 7));
    assertThat(parse(INCLUSION, "index=3&size=20", SIGNED))
        .isEqualTo(new LedgerQuery.Inclusion(3, 20));
    assertThat(parse(CONSISTENCY, "from=1&to=20", SIGNED))
        .isEqualTo(new LedgerQuery.Consistency(1, 20));
    assertThat(parse(RECEIPT, "index=19", SIGNED)).isEqualTo(new LedgerQuery.Receipt(19, 20));
  }

  @Test
  void ignoresOtherParametersAndTheirOrder() throws MalformedRequestException {
    assertThat(parse(ENTRIES, "_=1700000000&end=5&&start=0&x", SIGNED))
        .isEqualTo(new LedgerQuery.Entries(0, 5));
  }

  @Test
  void decodesPercentEncodedDigits() throws MalformedRequestException {
    assertThat(parse(INCLUSION, "%69ndex=%31&size=2%30", SIGNED))
        .isEqualTo(new LedgerQuery.Inclusion(1, 20));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // entries: start in [0, signed], end in [start, min(signed, start + 1000)]
        "start=0&end=0      | 0  | 0",
        "start=0&end=20     | 0  | 20",
        "start=20&end=20    | 20 | 20",
        "start=19&end=20    | 19 | 20",
      })
  void acceptsEntriesRangesAtTheirBounds(String query, long start, long end)
      throws MalformedRequestException {
    assertThat(parse(ENTRIES, query, SIGNED)).isEqualTo(new LedgerQuery.Entries(start, end));
  }

  @Test
  void servesAtMostAThousandEntriesAtOnce() throws MalformedRequestException {
    assertThat(parse(ENTRIES, "start=5&end=1005", 5000))
        .isEqualTo(new LedgerQuery.Entries(5, 1005));
    assertRefused(ENTRIES, "start=5&end=1006", 5000, "'end' must be between 5 and 1005");
  }

  @Test
  void theEntriesLimitDoesNotOverflowNearTheLargestSize() throws MalformedRequestException {
    long largest = Long.MAX_VALUE;
    String start = Long.toString(largest - 10);

    assertThat(parse(ENTRIES, "start=" + start + "&end=" + largest, largest))
        .isEqualTo(new LedgerQuery.Entries(largest - 10, largest));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "start=21&end=21 | 'start' must be between 0 and 20",
        "start=5&end=4   | 'end' must be between 5 and 20",
        "start=5&end=21  | 'end' must be between 5 and 20",
        "start=0         | 'end' is required once",
        "end=3           | 'start' is required once",
        "\"\"              | 'start' is required once",
      })
  void refusesEntriesOutsideTheSignedLog(String query, String message) {
    assertRefused(ENTRIES, query, SIGNED, message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "index=0&size=1    | 0  | 1",
        "index=19&size=20  | 19 | 20",
        "index=0&size=20   | 0  | 20",
      })
  void acceptsInclusionQueriesAtTheirBounds(String query, long index, long size)
      throws MalformedRequestException {
    assertThat(parse(INCLUSION, query, SIGNED)).isEqualTo(new LedgerQuery.Inclusion(index, size));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "index=0&size=0    | 'size' must be between 1 and 20",
        "index=0&size=21   | 'size' must be between 1 and 20",
        "index=5&size=5    | 'index' must be between 0 and 4",
        "index=0           | 'size' is required once",
        "size=3            | 'index' is required once",
      })
  void refusesInclusionQueriesOutsideTheSignedLog(String query, String message) {
    assertRefused(INCLUSION, query, SIGNED, message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "from=0&to=3   | 'from' must be between 1 and 3",
        "from=4&to=3   | 'from' must be between 1 and 3",
        "from=1&to=0   | 'to' must be between 1 and 20",
        "from=1&to=21  | 'to' must be between 1 and 20",
      })
  void refusesConsistencyFromTheEmptyTreeOrBackwardsOrBeyondTheSignedLog(
      String query, String message) {
    assertRefused(CONSISTENCY, query, SIGNED, message);
  }

  @Test
  void acceptsAConsistencyQueryBetweenEqualSizes() throws MalformedRequestException {
    assertThat(parse(CONSISTENCY, "from=20&to=20", SIGNED))
        .isEqualTo(new LedgerQuery.Consistency(20, 20));
  }

  @Test
  void refusesAReceiptBeyondTheSignedLog() {
    assertRefused(RECEIPT, "index=20", SIGNED, "'index' must be between 0 and 19");
  }

  @Test
  void provesNothingBeforeTheFirstCheckpoint() throws MalformedRequestException {
    String message = "the ledger has no signed checkpoint yet";
    assertRefused(INCLUSION, "index=0&size=1", 0, message);
    assertRefused(CONSISTENCY, "from=1&to=1", 0, message);
    assertRefused(RECEIPT, "index=0", 0, message);
    assertThat(parse(ENTRIES, "start=0&end=0", 0)).isEqualTo(new LedgerQuery.Entries(0, 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-1",
        "+1",
        "1.0",
        "1e3",
        "0x1",
        " 1",
        "1 ",
        "%201",
        "1+",
        "",
        "01",
        "00",
        "007",
        "１",
        "٣",
        "¹",
        "1_0",
        "１２",
        "9223372036854775807999",
        "NaN",
        "∞",
        "1%00",
        "%31%00"
      })
  void refusesAnythingButACanonicalDecimal(String value) {
    assertRefused(
        RECEIPT,
        "index=" + value,
        SIGNED,
        "'index' must be a non-negative decimal integer without leading zeros");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854775807", // 2^63 - 1: a number, but beyond the log
        "9223372036854775808", // 2^63: 19 digits that do not fit a long
        "9999999999999999999" // the largest 19-digit text
      })
  void refusesNumbersBeyondTheSignedSizeUpToAndPastTwoToThe63(String value) {
    assertRefused(RECEIPT, "index=" + value, SIGNED, "'index' must be between 0 and 19");
  }

  @Test
  void refusesNumbersPastTwoToThe63EvenWhenTheLogIsThatLarge() {
    assertRefused(
        INCLUSION,
        "index=0&size=9223372036854775808",
        Long.MAX_VALUE,
        "'size' must be between 1 and 9223372036854775807");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "index=1&index=2",
        "index=1&index=1",
        "index=1&index",
        "index&index=1",
        "index=1&%69ndex=1",
        "index=1&index="
      })
  void refusesAParameterGivenTwice(String query) {
    assertRefused(RECEIPT, query, SIGNED, "'index' is required once");
  }

  @Test
  void namesAreCaseSensitive() {
    assertRefused(RECEIPT, "INDEX=1", SIGNED, "'index' is required once");
  }

  @ParameterizedTest
  @ValueSource(strings = {"index=%", "index=%3", "index=%zz", "index=%3g", "x=%C3%28&index=1"})
  void refusesAQueryThatIsNotValidPercentEncodedUtf8(String query) {
    assertThatThrownBy(() -> LedgerQuery.parse(RECEIPT, query, SIGNED))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageStartingWith("the query string is not valid");
  }

  @Test
  void refusesFullWidthHexDigitsInAPercentEscape() {
    assertRefused(RECEIPT, "index=%３１", SIGNED, "the query string is not validly percent-encoded");
  }

  @Test
  void refusesALoneSurrogate() {
    assertRefused(RECEIPT, "x=\uD800&index=1", SIGNED, "the query string is not valid UTF-8");
  }

  @Test
  void acceptsRawNonAsciiInParametersItIgnores() throws MalformedRequestException {
    assertThat(parse(RECEIPT, "note=grüße\uD83D\uDE00&index=1", SIGNED))
        .isEqualTo(new LedgerQuery.Receipt(1, SIGNED));
  }

  @Test
  void anAbsentQueryLacksEveryParameter() {
    assertRefused(RECEIPT, null, SIGNED, "'index' is required once");
  }

  @Test
  void theValuesCannotBeBuiltInvalidEither() {
    assertThatThrownBy(() -> new LedgerQuery.Entries(5, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LedgerQuery.Entries(0, 1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LedgerQuery.Inclusion(3, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LedgerQuery.Consistency(0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LedgerQuery.Receipt(-1, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
