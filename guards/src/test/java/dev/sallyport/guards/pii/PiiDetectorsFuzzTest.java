package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.guards.BuiltInDetectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property, for every detector: whatever the text, the scan returns, and every finding lies inside
 * the text with a confidence in (0, 1]; the scanner's findings are sorted and never overlap. Seeds
 * are in {@code src/test/resources/dev/sallyport/guards/pii/PiiDetectorsFuzzTestInputs/<method>/}.
 *
 * <p>A real fuzzing run (see {@code ActionRequestParserFuzzTest} in the gateway for the flags):
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**' ./mvnw -o -pl guards test \
 *     -Dtest=PiiDetectorsFuzzTest -Djazzer.max_duration=5m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class PiiDetectorsFuzzTest {
  private static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }

  private static void check(Detector detector, byte[] data) {
    String text = text(data);
    Findings findings = new Findings(1_000_000);
    detector.scan(text, findings);
    for (Finding f : findings.all()) {
      assertThat(f.end()).isLessThanOrEqualTo(text.length());
      assertThat(f.start()).isLessThan(f.end());
      assertThat(f.confidence()).isBetween(0.0, 1.0);
    }
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void email(byte[] data) {
    check(new EmailDetector(), data);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void phone(byte[] data) {
    check(new PhoneDetector(), data);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void paymentCard(byte[] data) {
    String text = text(data);
    Findings findings = new Findings(1_000_000);
    new PaymentCardDetector().scan(text, findings);
    for (Finding f : findings.all()) {
      // Whatever was found must itself pass the checks it was found by.
      String digits = text.substring(f.start(), f.end()).replaceAll("[ -]", "");
      int[] d = digits.chars().map(c -> c - '0').toArray();
      assertThat(PaymentCardDetector.luhn(d, d.length)).isTrue();
    }
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void iban(byte[] data) {
    String text = text(data);
    Findings findings = new Findings(1_000_000);
    new IbanDetector().scan(text, findings);
    for (Finding f : findings.all()) {
      char[] compact =
          text.substring(f.start(), f.end())
              .replaceAll("[ -]", "")
              .toUpperCase(java.util.Locale.ROOT)
              .toCharArray();
      assertThat(IbanDetector.mod97(compact, compact.length)).isEqualTo(1);
    }
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void usSsn(byte[] data) {
    check(new UsSsnDetector(), data);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void ukNino(byte[] data) {
    check(new UkNinoDetector(), data);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void ipAddress(byte[] data) {
    check(new IpAddressDetector(), data);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void operatorPattern(byte[] data) {
    check(new PatternDetector(EntityType.named("TICKET"), "(?i)[a-z]{2,5}-[0-9]{1,6}", 0.9), data);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void operatorWordList(byte[] data) {
    check(
        new WordListDetector(EntityType.named("PROJECT"), List.of("bluebird", "night owl")), data);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void scanner(byte[] data) {
    switch (BuiltInDetectors.scanner().scan(text(data))) {
      case PiiScan.Refused refused -> assertThat(refused.reason()).isNotBlank();
      case PiiScan.Scanned scanned -> {
        List<Finding> findings = scanned.findings();
        for (int k = 1; k < findings.size(); k++) {
          assertThat(findings.get(k).start()).isGreaterThanOrEqualTo(findings.get(k - 1).end());
        }
      }
    }
  }
}
