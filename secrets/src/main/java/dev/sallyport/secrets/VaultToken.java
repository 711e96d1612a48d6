package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.nio.file.Path;
import java.util.Map;

/**
 * The token the executor presents to Vault ({@code X-Vault-Token}). It is read at every request, so
 * a token file that Vault Agent or OpenBao Agent rewrites (its "sink") is picked up at once. It is
 * a platform credential, not a tenant's, so the per-tenant rule does not apply; the file rules
 * (permissions, regular file, no link out of its folder) do.
 */
@FunctionalInterface
public interface VaultToken {
  /**
   * The current token. The caller closes it.
   *
   * @throws SecretUnavailableException naming the token's reference, never its value
   */
  Secret current() throws SecretUnavailableException;

  /** A token file, read at every request. */
  static VaultToken fromFile(Path file) {
    requireNonNull(file, "file is null");
    SecretReference.InFile reference = new SecretReference.InFile(file);
    Path folder = requireNonNull(file.getParent(), "the token file has no folder");
    return () -> SecretFileReader.read(folder, file, reference);
  }

  /** A variable of the given environment (the server passes {@code System.getenv()}). */
  static VaultToken fromEnvironment(Map<String, String> environment, String name) {
    requireNonNull(environment, "environment is null");
    SecretReference.InEnvironment reference = new SecretReference.InEnvironment(name);
    Map<String, String> copy = Map.copyOf(environment);
    return () -> {
      String value = copy.get(reference.name());
      if (value == null || value.isEmpty()) {
        throw new SecretUnavailableException(reference, Reason.NOT_FOUND, "no such variable");
      }
      return Secret.adopt(value.toCharArray());
    };
  }

  /**
   * The token named by a {@code file:} or {@code env:} reference, as written in configuration.
   *
   * @throws IllegalArgumentException for any other reference; the message never echoes the text
   */
  static VaultToken fromReference(String reference, Map<String, String> environment) {
    return switch (SecretReference.parse(reference)) {
      case SecretReference.InFile file -> fromFile(file.path());
      case SecretReference.InEnvironment variable -> fromEnvironment(environment, variable.name());
      case SecretReference.VaultKv kv ->
          throw new IllegalArgumentException(
              "the Vault token comes from a file: or env: reference");
      case SecretReference.VaultDynamic dynamic ->
          throw new IllegalArgumentException(
              "the Vault token comes from a file: or env: reference");
    };
  }
}
