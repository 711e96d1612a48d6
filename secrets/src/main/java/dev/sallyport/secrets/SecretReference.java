package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a credential lives, as written in configuration. A reference is not a secret: it may appear
 * in errors, logs and the ledger, and its {@code toString()} is its canonical text.
 *
 * <pre>
 * file:/etc/sallyport/secrets/acme/erp-token        a file, read at lease time
 * env:SALLYPORT_ACME__ERP_TOKEN                     an environment variable of the executor
 * vault:kv/data/acme/erp#token                      one field of a Vault KV version 2 secret
 * vault-dynamic:database-acme/creds/readonly        a Vault dynamic secret (all its fields)
 * vault-dynamic:database-acme/creds/readonly#password   one field of it
 * </pre>
 *
 * <p>The grammar is strict so that a reference means one thing to us and to the store: ASCII
 * letters, digits, {@code . _ - /} in paths, no {@code .} or {@code ..} segments, no empty
 * segments, no percent-encoding, no whitespace, at most {@value #MAX_LENGTH} characters. Whether a
 * reference belongs to a tenant is a separate rule: {@link TenantPaths}.
 */
public sealed interface SecretReference
    permits SecretReference.InFile,
        SecretReference.InEnvironment,
        SecretReference.VaultKv,
        SecretReference.VaultDynamic {

  /** The longest reference text accepted. */
  int MAX_LENGTH = 512;

  /** The kind of store a reference names. */
  enum Scheme {
    FILE("file"),
    ENV("env"),
    VAULT("vault"),
    VAULT_DYNAMIC("vault-dynamic");

    private final String prefix;

    Scheme(String prefix) {
      this.prefix = prefix;
    }

    /** The text before the colon. */
    public String prefix() {
      return prefix;
    }
  }

  Scheme scheme();

  /**
   * Parses a reference.
   *
   * @throws InvalidSecretReferenceException with a message that never contains {@code text}
   */
  static SecretReference parse(String text) {
    return ReferenceGrammar.parse(text);
  }

  /**
   * A file holding the credential (one trailing newline is not part of it).
   *
   * @param path absolute, without {@code .}, {@code ..} or empty segments
   */
  record InFile(Path path) implements SecretReference {
    public InFile {
      requireNonNull(path, "path is null");
      ReferenceGrammar.checkFilePath(path.toString(), 0);
    }

    @Override
    public Scheme scheme() {
      return Scheme.FILE;
    }

    @Override
    public String toString() {
      return "file:" + path;
    }
  }

  /** An environment variable of the executor process. */
  record InEnvironment(String name) implements SecretReference {
    public InEnvironment {
      requireNonNull(name, "name is null");
      ReferenceGrammar.checkEnvironmentName(name, 0);
    }

    @Override
    public Scheme scheme() {
      return Scheme.ENV;
    }

    @Override
    public String toString() {
      return "env:" + name;
    }
  }

  /**
   * One field of a Vault KV version 2 secret, read with {@code GET /v1/{path}}.
   *
   * @param path the API path below {@code /v1/}, mount included: {@code kv/data/acme/erp}
   * @param field the key inside the secret's {@code data}
   */
  record VaultKv(String path, String field) implements SecretReference {
    public VaultKv {
      requireNonNull(path, "path is null");
      requireNonNull(field, "field is null");
      ReferenceGrammar.checkVaultKvPath(path, 0);
      ReferenceGrammar.checkField(field, 0);
    }

    @Override
    public Scheme scheme() {
      return Scheme.VAULT;
    }

    @Override
    public String toString() {
      return "vault:" + path + "#" + field;
    }
  }

  /**
   * A Vault dynamic secret, issued with {@code GET /v1/{path}} under a lease that is revoked after
   * use.
   *
   * @param path the API path below {@code /v1/}: {@code database-acme/creds/readonly}
   * @param field one key of the issued {@code data}, or empty for every string-valued key
   */
  record VaultDynamic(String path, Optional<String> field) implements SecretReference {
    public VaultDynamic {
      requireNonNull(path, "path is null");
      requireNonNull(field, "field is null");
      ReferenceGrammar.checkVaultDynamicPath(path, 0);
      field.ifPresent(f -> ReferenceGrammar.checkField(f, 0));
    }

    @Override
    public Scheme scheme() {
      return Scheme.VAULT_DYNAMIC;
    }

    @Override
    public String toString() {
      return "vault-dynamic:" + path + field.map(f -> "#" + f).orElse("");
    }
  }
}
