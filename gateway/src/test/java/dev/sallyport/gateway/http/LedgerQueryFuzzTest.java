package dev.sallyport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the query string and whatever the signed size, {@link LedgerQuery#parse}
 * returns a query within the signed log or throws {@link MalformedRequestException}; any other
 * exception or error is a finding. Seeds are in {@code src/test/resources/dev/sallyport/gateway/
 * http/LedgerQueryFuzzTestInputs/parsesOrRefusesAnyQuery/}.
 *
 * <p>Input: the first byte picks the endpoint ({@code e}ntries, {@code i}nclusion, {@code
 * c}onsistency, anything else receipt), the second the signed size ({@code 0}-{@code 9} index
 * {@link #SIGNED_SIZES}, anything else by its value modulo its length), the rest is the raw query
 * string as UTF-8. Seeds are therefore plain text such as {@code i3index=2&size=5}.
 *
 * <p>A real fuzzing run, as for {@link ActionRequestParserFuzzTest}:
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**' ./mvnw -o -pl gateway test \
 *     -Dtest=LedgerQueryFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class LedgerQueryFuzzTest {
  /** Signed sizes worth trying: none, tiny, around the entries limit, and the very largest. */
  private static final long[] SIGNED_SIZES = {
    0, 1, 2, 5, 20, 1000, 1001, 1L << 32, Long.MAX_VALUE - 1000, Long.MAX_VALUE
  };

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyQuery(byte[] input) {
    if (input.length < 2) {
      return;
    }
    LedgerQuery.Endpoint endpoint =
        switch (input[0]) {
          case 'e' -> LedgerQuery.Endpoint.ENTRIES;
          case 'i' -> LedgerQuery.Endpoint.INCLUSION;
          case 'c' -> LedgerQuery.Endpoint.CONSISTENCY;
          default -> LedgerQuery.Endpoint.RECEIPT;
        };
    int pick = input[1] >= '0' && input[1] <= '9' ? input[1] - '0' : input[1] & 0xFF;
    long signed = SIGNED_SIZES[pick % SIGNED_SIZES.length];
    String query = new String(Arrays.copyOfRange(input, 2, input.length), StandardCharsets.UTF_8);

    LedgerQuery parsed;
    try {
      parsed = LedgerQuery.parse(endpoint, query, signed);
    } catch (MalformedRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    switch (parsed) {
      case LedgerQuery.Entries(long start, long end) -> {
        assertThat(endpoint).isEqualTo(LedgerQuery.Endpoint.ENTRIES);
        assertThat(start).isBetween(0L, signed);
        assertThat(end).isBetween(start, signed);
        assertThat(end - start).isLessThanOrEqualTo(LedgerQuery.MAX_ENTRIES);
      }
      case LedgerQuery.Inclusion(long index, long size) -> {
        assertThat(endpoint).isEqualTo(LedgerQuery.Endpoint.INCLUSION);
        assertThat(size).isBetween(1L, signed);
        assertThat(index).isBetween(0L, size - 1);
      }
      case LedgerQuery.Consistency(long from, long to) -> {
        assertThat(endpoint).isEqualTo(LedgerQuery.Endpoint.CONSISTENCY);
        assertThat(to).isBetween(1L, signed);
        assertThat(from).isBetween(1L, to);
      }
      case LedgerQuery.Receipt(long index, long size) -> {
        assertThat(endpoint).isEqualTo(LedgerQuery.Endpoint.RECEIPT);
        assertThat(size).isEqualTo(signed);
        assertThat(index).isBetween(0L, signed - 1);
      }
    }
  }
}
