package dev.sallyport.executor.credential;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.SecretsSettings;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.secrets.CredentialBroker;
import dev.sallyport.secrets.EnvironmentSecretStore;
import dev.sallyport.secrets.FileSecretStore;
import dev.sallyport.secrets.LeaseAudit;
import dev.sallyport.secrets.LeaseReaper;
import dev.sallyport.secrets.LeaseSettings;
import dev.sallyport.secrets.SecretReference;
import dev.sallyport.secrets.SecretStore;
import dev.sallyport.secrets.VaultSecretStore;
import dev.sallyport.secrets.VaultToken;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secret stores of a deployment ({@code secrets:} in {@code sallyport.yaml}) behind one {@link
 * CredentialBroker}, with the reaper that revokes any lease left open past its TTL. Files and
 * environment variables are always available; Vault only when configured. Built once per executor
 * (embedded or separate); {@link #close()} ends every open lease.
 */
public final class CredentialStores implements AutoCloseable {
  private final CredentialBroker broker;
  private final LeaseReaper reaper;
  private final Optional<VaultSecretStore> vault;
  private final CredentialSource source;

  private CredentialStores(
      CredentialBroker broker,
      LeaseReaper reaper,
      Optional<VaultSecretStore> vault,
      CredentialSource source) {
    this.broker = broker;
    this.reaper = reaper;
    this.vault = vault;
    this.source = source;
  }

  /**
   * Opens the stores and starts the reaper.
   *
   * @param audit where {@code lease.*} events go: the executor's ledger
   * @param environment the process environment ({@code System.getenv()}), for {@code env:}
   */
  public static CredentialStores open(
      Deployment deployment, LeaseAudit audit, Clock clock, Map<String, String> environment) {
    requireNonNull(deployment, "deployment is null");
    SecretsSettings settings = deployment.secrets();
    List<SecretStore> stores = new ArrayList<>();
    stores.add(new FileSecretStore(settings.paths()));
    stores.add(new EnvironmentSecretStore(environment));
    Optional<VaultSecretStore> vault =
        settings
            .vault()
            .map(v ->
                VaultSecretStore.create(
                    v.settings(), token(v.token(), environment), settings.paths()));
    vault.ifPresent(stores::add);
    CredentialBroker broker =
        new CredentialBroker(
            stores,
            settings.paths(),
            new LeaseSettings(settings.leaseTtl(), LeaseSettings.DEFAULT_MAX_TTL),
            audit,
            clock);
    LeaseReaper reaper = LeaseReaper.start(broker, LeaseReaper.DEFAULT_INTERVAL);
    return new CredentialStores(broker, reaper, vault, BrokeredCredentials.of(deployment, broker));
  }

  private static VaultToken token(SecretReference reference, Map<String, String> environment) {
    return switch (reference) {
      case SecretReference.InFile file -> VaultToken.fromFile(file.path());
      case SecretReference.InEnvironment variable ->
          VaultToken.fromEnvironment(environment, variable.name());
      case SecretReference.VaultKv kv ->
          throw new IllegalArgumentException(
              "the Vault token comes from a file: or env: reference");
      case SecretReference.VaultDynamic dynamic ->
          throw new IllegalArgumentException(
              "the Vault token comes from a file: or env: reference");
    };
  }

  /** Where the executor leases each connector's credential. */
  public CredentialSource source() {
    return source;
  }

  /** The broker, for the kill switch ({@link CredentialBroker#revokeAll}) and for tests. */
  public CredentialBroker broker() {
    return broker;
  }

  /** Stops the reaper, then ends every open lease (cause {@code shutdown}). */
  @Override
  public void close() {
    try {
      reaper.close();
    } finally {
      try {
        broker.close();
      } finally {
        vault.ifPresent(VaultSecretStore::close);
      }
    }
  }
}
