package dev.sallyport.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever {@code Origin} headers a client sends (one per line of the input), {@link
 * McpOrigins#check} returns or throws {@link McpOrigins.RefusedException} with a message that does
 * not echo the input; any other exception is a finding. What passes is one header whose value, in
 * normal form, is a loopback origin or the public origin. Seeds are in {@code
 * src/test/resources/dev/sallyport/gateway/mcp/McpOriginsFuzzTestInputs/acceptsOrRefusesAnyOrigin/}.
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**' ./mvnw -o -pl gateway test \
 *     -Dtest=McpOriginsFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class McpOriginsFuzzTest {
  private static final List<String> MESSAGES =
      List.of(
          "send at most one Origin",
          "the Origin is not an origin",
          "requests from this Origin are refused");
  private final McpOrigins origins =
      new McpOrigins(Optional.of(URI.create("https://sallyport.example.com")));

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void acceptsOrRefusesAnyOrigin(byte[] input) {
    List<String> values =
        Arrays.asList(new String(input, StandardCharsets.ISO_8859_1).split("\n", -1));
    try {
      origins.check(values);
    } catch (McpOrigins.RefusedException refused) {
      assertThat(MESSAGES).contains(refused.getMessage());
      return;
    }
    assertThat(values).hasSize(1);
    String origin = McpOrigins.normalized(values.get(0)).orElseThrow();
    assertThat(origin)
        .matches(
            "https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]+)?|https://sallyport\\.example\\.com");
  }
}
