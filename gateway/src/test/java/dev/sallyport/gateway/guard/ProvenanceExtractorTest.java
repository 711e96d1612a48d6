package dev.sallyport.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.GuardLimits;
import dev.sallyport.guards.pii.PiiScanner;
import dev.sallyport.policy.ProvenanceValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceExtractorTest {
  private final ProvenanceExtractor extractor =
      new ProvenanceExtractor(
          new PiiScanner(
              BuiltInDetectors.identifiers(),
              GuardLimits.defaults(),
              BuiltInDetectors.DEFAULT_MIN_CONFIDENCE));

  private static String fp(Object value) {
    return ProvenanceValues.fingerprint(value).orElseThrow();
  }

  @Test
  void aTasksWordsAndIdentifiersAreItsValues() {
    var values =
        extractor.fromText(
            "From Alice <alice@acme.example>: pay S-100 (EUR 1,250.00) to DE89 3704 0044 0532 0130"
                + " 00, then mailto:alice@acme.example.");

    assertThat(values)
        .contains(
            fp("alice@acme.example"),
            fp("S-100"),
            fp(1250),
            fp("DE89370400440532013000"),
            fp("pay"));
    assertThat(values).doesNotContain(fp("DE89370400440532013001"), fp("1250.01"));
  }

  @Test
  void jsonLeavesAndTheValuesInTheirTextAreValues() {
    var values =
        extractor.fromJson(
            Map.of(
                "supplier",
                Map.of("iban", "DE89 3704 0044 0532 0130 00", "limit", 5000, "active", true),
                "contacts",
                List.of("Accounts <ap@northwind.example>")));

    assertThat(values)
        .contains(
            fp("DE89370400440532013000"),
            fp(5000),
            fp(true),
            fp("ap@northwind.example"),
            fp("Accounts <ap@northwind.example>"));
    // Keys are field names, not values a source vouches for.
    assertThat(values).doesNotContain(fp("iban"), fp("supplier"));
  }

  @Test
  void aSourceContributesAtMostTheLimit() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < ProvenanceExtractor.MAX_VALUES + 500; i++) {
      many.append("v").append(i).append(' ');
    }

    assertThat(extractor.fromText(many.toString())).hasSize(ProvenanceExtractor.MAX_VALUES);
  }
}
