package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever Vault answers, the three readers return a well-formed result or throw {@link
 * VaultResponseException} with its constant message; any other exception is a finding. Seeds (in
 * {@code VaultResponsesFuzzTestInputs/}) are the documented sample answers.
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**,com.fasterxml.jackson.**' ./mvnw -o -pl secrets test \
 *     -Dtest=VaultResponsesFuzzTest -Djazzer.max_duration=10m \
 *     -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class VaultResponsesFuzzTest {

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void readsOrRefusesAnyKvAnswer(byte[] body) {
    try (Secret secret = VaultResponses.kvField(body, "token")) {
      assertThat(secret.revealChars()).isNotEmpty();
      assertThat(secret.revealUtf8()).isNotEmpty();
    } catch (VaultResponseException e) {
      assertThat(e.getMessage()).isEqualTo(e.problem().description());
      assertThat(e.leaseId()).isEmpty();
    }
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void readsOrRefusesAnyDynamicAnswer(byte[] body) {
    for (Optional<String> field :
        java.util.List.of(Optional.<String>empty(), Optional.of("password"))) {
      VaultResponses.Issued issued;
      try {
        issued = VaultResponses.dynamic(body, field);
      } catch (VaultResponseException e) {
        assertThat(e.getMessage()).isEqualTo(e.problem().description());
        e.leaseId().ifPresent(id -> assertThat(id).matches("[A-Za-z0-9._/+:=-]{1,512}"));
        continue;
      }
      assertThat(issued.leaseId()).matches("[A-Za-z0-9._/+:=-]{1,512}");
      assertThat(issued.leaseDuration()).isGreaterThanOrEqualTo(Duration.ZERO);
      assertThat(issued.values()).isNotEmpty();
      field.ifPresent(f -> assertThat(issued.values()).containsOnlyKeys(f));
      issued.values().values().forEach(secret -> assertThat(secret.revealUtf8()).isNotEmpty());
      issued.values().values().forEach(Secret::close);
    }
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void readsOrRefusesAnyRenewal(byte[] body) {
    try {
      assertThat(VaultResponses.renewal(body)).isGreaterThanOrEqualTo(Duration.ZERO);
    } catch (VaultResponseException e) {
      assertThat(e.getMessage()).isEqualTo(e.problem().description());
    }
  }
}
