package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaultDynamicSecretStoreContractTest extends SecretStoreContract {
  private TestingVault vault;
  private VaultSecretStore store;

  @BeforeEach
  void setUp() throws IOException {
    vault = new TestingVault(new TestingClock(Instant.parse("2026-01-01T00:00:00Z")));
    rotate(VALUE);
    vault.putRole(
        "database-globex/creds/readonly",
        new TestingVault.Role(
            Map.of("username", "v-globex", "password", "globex-value"),
            Duration.ofHours(1),
            Duration.ofHours(24),
            true));
    store =
        VaultSecretStore.create(
            VaultSettings.of(vault.address()),
            VaultToken.fromEnvironment(Map.of("VAULT_TOKEN", TestingVault.TOKEN), "VAULT_TOKEN"),
            TenantPaths.defaults());
  }

  @AfterEach
  void tearDown() {
    store.close();
    vault.close();
  }

  /** Beyond the contract: what Vault issued, the store revoked. */
  @Test
  void revokesAtVaultWhatItLeased() throws Exception {
    StoreLease lease = store.lease(ACME, ownReference(), TTL);
    assertThat(vault.activeLeases()).containsKey(lease.storeLeaseId().orElseThrow());

    lease.revoke();

    assertThat(vault.activeLeases()).isEmpty();
    assertThat(vault.revokedLeases()).containsExactly(lease.storeLeaseId().orElseThrow());
  }

  @Override
  SecretStore store() {
    return store;
  }

  @Override
  SecretReference ownReference() {
    return SecretReference.parse("vault-dynamic:database-acme/creds/readonly#password");
  }

  @Override
  SecretReference foreignReference() {
    return SecretReference.parse("vault-dynamic:database-globex/creds/readonly#password");
  }

  @Override
  SecretReference missingReference() {
    return SecretReference.parse("vault-dynamic:database-acme/creds/missing#password");
  }

  @Override
  SecretReference unservedReference() {
    return SecretReference.parse("file:/etc/sallyport/secrets/acme/token");
  }

  @Override
  void rotate(String newValue) {
    vault.putRole(
        "database-acme/creds/readonly",
        new TestingVault.Role(
            Map.of("username", "v-acme", "password", newValue),
            Duration.ofHours(1),
            Duration.ofHours(24),
            true));
  }
}
