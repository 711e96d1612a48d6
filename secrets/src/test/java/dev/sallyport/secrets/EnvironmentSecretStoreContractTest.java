package dev.sallyport.secrets;

import java.util.HashMap;
import java.util.Map;

class EnvironmentSecretStoreContractTest extends SecretStoreContract {
  private final Map<String, String> environment =
      new HashMap<>(
          Map.of(
              "SALLYPORT_ACME__ERP_TOKEN", VALUE,
              "SALLYPORT_GLOBEX__ERP_TOKEN", "globex-value",
              "ERP_TOKEN", "shared-value"));
  private EnvironmentSecretStore store = new EnvironmentSecretStore(environment);

  @Override
  SecretStore store() {
    return store;
  }

  @Override
  SecretReference ownReference() {
    return SecretReference.parse("env:SALLYPORT_ACME__ERP_TOKEN");
  }

  @Override
  SecretReference foreignReference() {
    return SecretReference.parse("env:SALLYPORT_GLOBEX__ERP_TOKEN");
  }

  @Override
  SecretReference missingReference() {
    return SecretReference.parse("env:SALLYPORT_ACME__MISSING");
  }

  @Override
  SecretReference unservedReference() {
    return SecretReference.parse("vault:kv/data/acme/erp#token");
  }

  /** An environment cannot change under a running process: a new one is a new store. */
  @Override
  void rotate(String newValue) {
    environment.put("SALLYPORT_ACME__ERP_TOKEN", newValue);
    store = new EnvironmentSecretStore(environment);
  }
}
