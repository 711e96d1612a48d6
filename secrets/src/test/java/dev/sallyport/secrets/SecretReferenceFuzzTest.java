package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.model.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the text, {@link SecretReference#parse} returns a reference that writes back
 * to exactly that text, or throws {@link InvalidSecretReferenceException} whose message is built
 * from its problem and position only (so it cannot echo the text); any other exception is a
 * finding. A parsed reference belongs to at most one of a set of tenants whose ids are prefixes of
 * each other. Seeds are in {@code SecretReferenceFuzzTestInputs/parsesOrRefusesAnyText/}.
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**' ./mvnw -o -pl secrets test \
 *     -Dtest=SecretReferenceFuzzTest -Djazzer.max_duration=10m \
 *     -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class SecretReferenceFuzzTest {
  private static final List<TenantId> TENANTS =
      List.of(
          TenantId.of("a"),
          TenantId.of("a-"),
          TenantId.of("a-b"),
          TenantId.of("acme"),
          TenantId.of("acme-corp"),
          TenantId.of("globex"));
  private static final TenantPaths PATHS = TenantPaths.defaults();

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyText(byte[] input) {
    String text = new String(input, UTF_8);
    SecretReference reference;
    try {
      reference = SecretReference.parse(text);
    } catch (InvalidSecretReferenceException e) {
      String description = e.problem().description();
      assertThat(e.getMessage())
          .isEqualTo(
              e.position().isPresent()
                  ? description + " (character " + (e.position().getAsInt() + 1) + ")"
                  : description);
      e.position().ifPresent(p -> assertThat(p).isBetween(0, text.length() - 1));
      return;
    }
    assertThat(reference.toString()).isEqualTo(text);
    assertThat(SecretReference.parse(reference.toString())).isEqualTo(reference);

    List<TenantId> owners = new ArrayList<>();
    for (TenantId tenant : TENANTS) {
      try {
        PATHS.checkOwnedBy(tenant, reference);
        owners.add(tenant);
      } catch (SecretUnavailableException refused) {
        assertThat(refused.reason()).isEqualTo(SecretUnavailableException.Reason.FOREIGN_PATH);
      }
    }
    assertThat(owners).hasSizeLessThanOrEqualTo(1);
  }
}
