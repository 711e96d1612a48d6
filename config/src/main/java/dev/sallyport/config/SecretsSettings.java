package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.secrets.LeaseSettings;
import dev.sallyport.secrets.SecretReference;
import dev.sallyport.secrets.TenantPaths;
import dev.sallyport.secrets.VaultSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the executor's credentials come from ({@code secrets:} in {@code sallyport.yaml}); see
 * docs/secrets.md.
 *
 * @param paths where each tenant's secrets may live: a connector's credential outside its tenant's
 *     paths stops the load
 * @param vault how to reach Vault or OpenBao, or empty when no {@code vault:} references are used
 * @param leaseTtl how long one execution holds its credential at most (it is revoked right after
 *     the call in any case)
 */
public record SecretsSettings(TenantPaths paths, Optional<Vault> vault, Duration leaseTtl) {
  /** No {@code secrets:} block: the default paths, no Vault, 60-second leases. */
  public static final SecretsSettings DEFAULTS =
      new SecretsSettings(TenantPaths.defaults(), Optional.empty(), LeaseSettings.DEFAULT_TTL);

  public SecretsSettings {
    requireNonNull(paths, "paths is null");
    requireNonNull(vault, "vault is null");
    requireNonNull(leaseTtl, "leaseTtl is null");
    if (leaseTtl.isNegative()
        || leaseTtl.isZero()
        || leaseTtl.compareTo(LeaseSettings.DEFAULT_MAX_TTL) > 0) {
      throw new IllegalArgumentException("the lease TTL must be above zero and at most 15 minutes");
    }
  }

  /**
   * Vault or OpenBao.
   *
   * @param settings address, namespace, timeout
   * @param token where the executor's Vault token is read at every request: a {@code file:} or
   *     {@code env:} reference, never the token itself
   */
  public record Vault(VaultSettings settings, SecretReference token) {
    public Vault {
      requireNonNull(settings, "settings is null");
      requireNonNull(token, "token is null");
      if (!(token instanceof SecretReference.InFile
          || token instanceof SecretReference.InEnvironment)) {
        throw new IllegalArgumentException("the Vault token comes from a file: or env: reference");
      }
    }
  }
}
