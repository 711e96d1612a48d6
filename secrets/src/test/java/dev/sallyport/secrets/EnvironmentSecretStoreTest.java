package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSecretStoreTest {
  private final EnvironmentSecretStore store =
      new EnvironmentSecretStore(
          Map.of(
              "SALLYPORT_ACME__EMPTY", "",
              "SALLYPORT_ACME_CORP__ERP_TOKEN", "corp-value",
              "ERP_TOKEN", "shared"));

  @Test
  void anEmptyVariableIsNoCredential() {
    assertThatThrownBy(() ->
            store.lease(
                TenantId.of("acme"),
                SecretReference.parse("env:SALLYPORT_ACME__EMPTY"),
                Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void aTenantWithAHyphenOwnsItsUnderscoredNames() throws Exception {
    StoreLease lease =
        store.lease(
            TenantId.of("acme-corp"),
            SecretReference.parse("env:SALLYPORT_ACME_CORP__ERP_TOKEN"),
            Duration.ofSeconds(60));

    assertThat(lease.fields().get(EnvironmentSecretStore.FIELD).revealChars())
        .isEqualTo("corp-value".toCharArray());
  }

  @Test
  void aShortTenantIdCannotReachALongerOnesVariables() {
    assertThatThrownBy(() ->
            store.lease(
                TenantId.of("acme"),
                SecretReference.parse("env:SALLYPORT_ACME_CORP__ERP_TOKEN"),
                Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.FOREIGN_PATH));
  }

  @Test
  void aVariableWithoutTheTenantPrefixBelongsToNobody() {
    assertThatThrownBy(() ->
            store.lease(
                TenantId.of("acme"),
                SecretReference.parse("env:ERP_TOKEN"),
                Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.FOREIGN_PATH));
  }
}
