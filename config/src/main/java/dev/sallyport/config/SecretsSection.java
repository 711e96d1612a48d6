package dev.sallyport.config;

import dev.sallyport.secrets.InvalidSecretReferenceException;
import dev.sallyport.secrets.LeaseSettings;
import dev.sallyport.secrets.SecretReference;
import dev.sallyport.secrets.TenantPaths;
import dev.sallyport.secrets.VaultSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code secrets:} block of {@code sallyport.yaml}.
 *
 * <pre>
 * secrets:
 *   paths:                                    # where each tenant's secrets may live
 *     files: /etc/sallyport/secrets/{tenant}/
 *     vault_kv: kv/data/{tenant}/
 *     vault_dynamic: database-{tenant}/creds/
 *   vault:                                    # only when vault: references are used
 *     url: https://vault.example:8200         # http only to 127.0.0.1 or [::1]
 *     token: file:/etc/sallyport/vault-token  # or env:NAME; read at every request
 *     namespace: tenants/{tenant}             # optional
 *     timeout_ms: 5000                        # 1-60000
 *   lease_ttl_seconds: 60                     # 1-900
 * </pre>
 */
final class SecretsSection {
  private SecretsSection() {}

  static SecretsSettings read(Optional<YamlNode> node) throws ConfigException {
    if (node.isEmpty()) {
      return SecretsSettings.DEFAULTS;
    }
    YamlNode.Fields f = node.get().fields(Set.of("paths", "vault", "lease_ttl_seconds"));
    TenantPaths paths = TenantPaths.defaults();
    if (f.has("paths")) {
      YamlNode p = f.required("paths");
      YamlNode.Fields t = p.fields(Set.of("files", "vault_kv", "vault_dynamic"));
      try {
        paths =
            new TenantPaths(
                t.has("files") ? t.required("files").nonBlankString() : paths.fileFolder(),
                t.has("vault_kv") ? t.required("vault_kv").nonBlankString() : paths.vaultKv(),
                t.has("vault_dynamic")
                    ? t.required("vault_dynamic").nonBlankString()
                    : paths.vaultDynamic());
      } catch (IllegalArgumentException e) {
        throw p.problem(e.getMessage());
      }
    }
    Optional<SecretsSettings.Vault> vault = Optional.empty();
    if (f.has("vault")) {
      vault = Optional.of(vault(f.required("vault")));
    }
    Duration ttl = LeaseSettings.DEFAULT_TTL;
    if (f.has("lease_ttl_seconds")) {
      YamlNode t = f.required("lease_ttl_seconds");
      long seconds = t.integer();
      if (seconds < 1 || seconds > LeaseSettings.DEFAULT_MAX_TTL.toSeconds()) {
        throw t.problem(
            "lease_ttl_seconds must be between 1 and " + LeaseSettings.DEFAULT_MAX_TTL.toSeconds());
      }
      ttl = Duration.ofSeconds(seconds);
    }
    return new SecretsSettings(paths, vault, ttl);
  }

  private static SecretsSettings.Vault vault(YamlNode node) throws ConfigException {
    YamlNode.Fields v = node.fields(Set.of("url", "token", "namespace", "timeout_ms"));
    YamlNode urlNode = v.required("url");
    VaultSettings settings;
    try {
      settings = VaultSettings.of(new URI(urlNode.nonBlankString()));
    } catch (URISyntaxException e) {
      throw urlNode.problem("expected an absolute https URL");
    } catch (IllegalArgumentException e) {
      throw urlNode.problem(e.getMessage());
    }
    if (v.has("namespace")) {
      YamlNode n = v.required("namespace");
      try {
        settings = settings.withNamespace(n.nonBlankString());
      } catch (IllegalArgumentException e) {
        throw n.problem(e.getMessage());
      }
    }
    if (v.has("timeout_ms")) {
      YamlNode t = v.required("timeout_ms");
      long millis = t.integer();
      if (millis < 1 || millis > 60_000) {
        throw t.problem("timeout_ms must be between 1 and 60000");
      }
      settings = settings.withTimeout(Duration.ofMillis(millis));
    }
    YamlNode tokenNode = v.required("token");
    SecretReference token;
    try {
      token = SecretReference.parse(tokenNode.nonBlankString());
    } catch (InvalidSecretReferenceException e) {
      // Never echoed: a token pasted here instead of its reference would end up in the log.
      throw tokenNode.problem(e.getMessage() + "; write file:PATH or env:NAME, never the token");
    }
    if (!(token instanceof SecretReference.InFile
        || token instanceof SecretReference.InEnvironment)) {
      throw tokenNode.problem("the Vault token comes from a file: or env: reference");
    }
    return new SecretsSettings.Vault(settings, token);
  }
}
