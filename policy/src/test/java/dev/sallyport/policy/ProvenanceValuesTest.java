package dev.sallyport.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.JsonNull;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented normalisation: what counts as the same value for provenance. */
class ProvenanceValuesTest {
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DE89 3704 0044 0532 0130 00 | de89370400440532013000",
        "Alice@Acme.Example          | alice@acme.example",
        "1,250.00                    | 1250",
        "1250.50                     | 1250.5",
        "０１２３                     | 123",
        "S-100                       | s-100",
      })
  void theseAreTheSameValue(String a, String b) {
    assertThat(ProvenanceValues.fingerprint(a)).isEqualTo(ProvenanceValues.fingerprint(b));
  }

  @ParameterizedTest(name = "{0} != {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DE89370400440532013000 | DE89370400440532013001",
        "alice@acme.example     | alice@acme.example.evil",
        "1.250,00               | 1250",
        "S-100                  | S100",
      })
  void theseAreDifferentValues(String a, String b) {
    assertThat(ProvenanceValues.fingerprint(a)).isNotEqualTo(ProvenanceValues.fingerprint(b));
  }

  @Test
  void numbersAndTheirTextAgree() {
    assertThat(ProvenanceValues.fingerprint(1250L))
        .isEqualTo(ProvenanceValues.fingerprint("1250.00"));
    assertThat(ProvenanceValues.fingerprint(12.5)).isEqualTo(ProvenanceValues.fingerprint("12.50"));
    assertThat(ProvenanceValues.fingerprint(0.0)).isEqualTo(ProvenanceValues.fingerprint("-0"));
  }

  @Test
  void nullBlankAndNonFiniteAreNoValue() {
    assertThat(ProvenanceValues.fingerprint(JsonNull.INSTANCE)).isEmpty();
    assertThat(ProvenanceValues.fingerprint(" \t ")).isEmpty();
    assertThat(ProvenanceValues.fingerprint(Double.NaN)).isEmpty();
    assertThat(ProvenanceValues.fingerprint(Map.of())).isEqualTo(Optional.empty());
  }

  @Test
  void leavesOfNestedValuesAreFingerprintedOneByOne() {
    assertThat(ProvenanceValues.leafFingerprints(Map.of("a", List.of("x", 1), "b", true)))
        .containsExactlyInAnyOrder(
            ProvenanceValues.fingerprint("x").orElseThrow(),
            ProvenanceValues.fingerprint(1).orElseThrow(),
            ProvenanceValues.fingerprint(true).orElseThrow());
  }

  @Test
  void theFingerprintIsADigestNotTheValue() {
    assertThat(ProvenanceValues.fingerprint("alice@acme.example").orElseThrow())
        .hasSize(64)
        .doesNotContain("alice");
  }
}
