package dev.sallyport.secrets;

import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class VaultKvSecretStoreContractTest extends SecretStoreContract {
  private TestingVault vault;
  private VaultSecretStore store;

  @BeforeEach
  void setUp() throws IOException {
    vault = new TestingVault(new TestingClock(Instant.parse("2026-01-01T00:00:00Z")));
    vault.putKv("kv/data/acme/erp", Map.of("token", VALUE, "user", "erp-bot"));
    vault.putKv("kv/data/globex/erp", Map.of("token", "globex-value"));
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

  @Override
  SecretStore store() {
    return store;
  }

  @Override
  SecretReference ownReference() {
    return SecretReference.parse("vault:kv/data/acme/erp#token");
  }

  @Override
  SecretReference foreignReference() {
    return SecretReference.parse("vault:kv/data/globex/erp#token");
  }

  @Override
  SecretReference missingReference() {
    return SecretReference.parse("vault:kv/data/acme/missing#token");
  }

  @Override
  SecretReference unservedReference() {
    return SecretReference.parse("env:SALLYPORT_ACME__TOKEN");
  }

  @Override
  void rotate(String newValue) {
    vault.putKv("kv/data/acme/erp", Map.of("token", newValue));
  }
}
