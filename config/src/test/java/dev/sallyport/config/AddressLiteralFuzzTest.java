package dev.sallyport.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the text, {@link IpAddress#parse} and {@link Cidr#parse} return a value whose
 * canonical text reads back as the same value, or throw {@link IllegalArgumentException}; any other
 * exception is a finding. A block contains its own network address. Seeds are in {@code
 * src/test/resources/dev/sallyport/config/AddressLiteralFuzzTestInputs/parsesOrRefusesAnyText/}.
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**' ./mvnw -o -pl config test \
 *     -Dtest=AddressLiteralFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class AddressLiteralFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyText(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      IpAddress address = IpAddress.parse(text);
      assertThat(IpAddress.parse(address.toString())).isEqualTo(address);
      assertThat(address.toString().length()).isLessThanOrEqualTo(IpAddress.MAX_LITERAL_LENGTH);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    try {
      Cidr block = Cidr.parse(text);
      assertThat(Cidr.parse(block.toString())).isEqualTo(block);
      assertThat(block.contains(block.network())).isTrue();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
