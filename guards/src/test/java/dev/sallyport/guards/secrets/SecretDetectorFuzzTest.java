package dev.sallyport.guards.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.guards.pii.Finding;
import dev.sallyport.guards.pii.Findings;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the text, the secret scan returns, with findings inside the text. Seeds are in
 * {@code src/test/resources/dev/sallyport/guards/secrets/SecretDetectorFuzzTestInputs/scan/}.
 */
class SecretDetectorFuzzTest {
  private final SecretDetector detector = SecretDetector.withDefaultRules();

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void scan(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Findings findings = new Findings(1_000_000);
    detector.scan(text, findings);
    for (Finding f : findings.all()) {
      assertThat(f.end()).isLessThanOrEqualTo(text.length());
      assertThat(f.start()).isLessThan(f.end());
    }
  }
}
