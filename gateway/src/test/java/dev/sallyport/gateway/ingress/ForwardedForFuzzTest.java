package dev.sallyport.gateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.config.Cidr;
import dev.sallyport.config.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever a trusted proxy sends as {@code X-Forwarded-For} (one field per line of the
 * input), {@link ForwardedFor#client} returns an address or throws {@link
 * ForwardedFor.MalformedException}; any other exception is a finding. What it returns is the peer
 * or an address that is not a trusted proxy, unless every hop was one. Seeds are in {@code
 * src/test/resources/dev/sallyport/gateway/ingress/ForwardedForFuzzTestInputs/
 * resolvesOrRefusesAnyHeader/}.
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**' ./mvnw -o -pl gateway test \
 *     -Dtest=ForwardedForFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class ForwardedForFuzzTest {
  private static final Cidr PROXIES = Cidr.parse("10.0.0.0/8");
  private final ForwardedFor forwardedFor = new ForwardedFor(List.of(PROXIES));
  private final IpAddress peer = IpAddress.parse("10.0.0.1");

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void resolvesOrRefusesAnyHeader(byte[] input) {
    List<String> fields =
        Arrays.asList(new String(input, StandardCharsets.ISO_8859_1).split("\n", -1));
    IpAddress client;
    try {
      client = forwardedFor.client(peer, fields);
    } catch (ForwardedFor.MalformedException expected) {
      return;
    }
    assertThat(client).isNotNull();
    assertThat(IpAddress.parse(client.toString())).isEqualTo(client);
  }
}
