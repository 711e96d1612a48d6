package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where each tenant's secrets may live. A reference outside its tenant's prefix is refused before
 * any store is asked, whatever the store's own access rules would allow.
 *
 * <p>Each template contains {@value #TENANT} exactly once, immediately followed by {@code /}, and
 * ends with {@code /}. That makes the prefixes of two tenants disjoint: a tenant id has no {@code
 * /}, so {@code kv/data/acme/} is never a prefix of {@code kv/data/acme-corp/...}. A template such
 * as {@code database/creds/{tenant}-} would let tenant {@code acme} read {@code
 * acme-corp-readonly}, which is why it is refused; give each tenant its own mount instead ({@code
 * database-{tenant}/creds/}).
 *
 * <p>Environment variables cannot be nested, so their rule is fixed: tenant {@code acme-corp} owns
 * exactly the names {@code SALLYPORT_ACME_CORP__NAME} where {@code NAME} is upper-case letters and
 * digits in words joined by single underscores. The double underscore is then the last one in the
 * variable name, which gives every variable at most one owner.
 *
 * @param fileFolder absolute folder template, e.g. {@code /etc/sallyport/secrets/{tenant}/}
 * @param vaultKv KV version 2 prefix template, e.g. {@code kv/data/{tenant}/}
 * @param vaultDynamic dynamic secrets prefix template, e.g. {@code database-{tenant}/creds/}
 */
public record TenantPaths(String fileFolder, String vaultKv, String vaultDynamic) {
  /** The placeholder for the tenant id. */
  public static final String TENANT = "{tenant}";

  /** The fixed start of every tenant's environment variable names. */
  public static final String ENVIRONMENT_PREFIX = "SALLYPORT_";

  private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Z0-9]+(_[A-Z0-9]+)*");

  public TenantPaths {
    requireNonNull(fileFolder, "fileFolder is null");
    requireNonNull(vaultKv, "vaultKv is null");
    requireNonNull(vaultDynamic, "vaultDynamic is null");
    checkTemplate("fileFolder", fileFolder, true);
    checkTemplate("vaultKv", vaultKv, false);
    checkTemplate("vaultDynamic", vaultDynamic, false);
  }

  /**
   * {@code /etc/sallyport/secrets/{tenant}/}, {@code kv/data/{tenant}/} and {@code
   * database-{tenant}/creds/}.
   */
  public static TenantPaths defaults() {
    return new TenantPaths(
        "/etc/sallyport/secrets/" + TENANT + "/",
        "kv/data/" + TENANT + "/",
        "database-" + TENANT + "/creds/");
  }

  /** The folder holding {@code tenant}'s secret files. */
  public Path fileFolder(TenantId tenant) {
    return Path.of(fileFolder.replace(TENANT, tenant.value()));
  }

  /** The prefix, ending in {@code /}, of {@code tenant}'s KV version 2 paths. */
  public String vaultKvPrefix(TenantId tenant) {
    return vaultKv.replace(TENANT, tenant.value());
  }

  /** The prefix, ending in {@code /}, of {@code tenant}'s dynamic secret paths. */
  public String vaultDynamicPrefix(TenantId tenant) {
    return vaultDynamic.replace(TENANT, tenant.value());
  }

  /** {@code SALLYPORT_ACME_CORP__} for tenant {@code acme-corp}. */
  public static String environmentPrefix(TenantId tenant) {
    return ENVIRONMENT_PREFIX + tenant.value().toUpperCase(Locale.ROOT).replace('-', '_') + "__";
  }

  /**
   * Refuses a reference that is not under {@code tenant}'s own prefix. Returns nothing: a check
   * that returned a boolean could be ignored.
   *
   * @throws SecretUnavailableException with reason {@link Reason#FOREIGN_PATH}
   */
  public void checkOwnedBy(TenantId tenant, SecretReference reference)
      throws SecretUnavailableException {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(reference, "reference is null");
    boolean owned =
        switch (reference) {
          case SecretReference.InFile file -> {
            Path folder = fileFolder(tenant);
            // Path.startsWith compares whole segments; the grammar has already refused '..'.
            yield file.path().startsWith(folder) && !file.path().equals(folder);
          }
          case SecretReference.InEnvironment environment ->
              isEnvironmentOwnedBy(tenant, environment.name());
          case SecretReference.VaultKv kv -> isBelow(kv.path(), vaultKvPrefix(tenant));
          case SecretReference.VaultDynamic dynamic ->
              isBelow(dynamic.path(), vaultDynamicPrefix(tenant));
        };
    if (!owned) {
      throw new SecretUnavailableException(
          reference, Reason.FOREIGN_PATH, "not under the paths of tenant " + tenant);
    }
  }

  /**
   * The environment rule alone, which needs no configured templates.
   *
   * @throws SecretUnavailableException with reason {@link Reason#FOREIGN_PATH}
   */
  public static void checkVariableOwnedBy(TenantId tenant, SecretReference.InEnvironment reference)
      throws SecretUnavailableException {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(reference, "reference is null");
    if (!isEnvironmentOwnedBy(tenant, reference.name())) {
      throw new SecretUnavailableException(
          reference, Reason.FOREIGN_PATH, "not under the paths of tenant " + tenant);
    }
  }

  private static boolean isEnvironmentOwnedBy(TenantId tenant, String name) {
    String prefix = environmentPrefix(tenant);
    return name.startsWith(prefix)
        && ENVIRONMENT_NAME.matcher(name.substring(prefix.length())).matches();
  }

  private static boolean isBelow(String path, String prefix) {
    return path.length() > prefix.length() && path.startsWith(prefix);
  }

  private static void checkTemplate(String name, String template, boolean absolute) {
    int at = template.indexOf(TENANT);
    if (at < 0 || template.indexOf(TENANT, at + 1) >= 0) {
      throw new IllegalArgumentException(name + " must contain " + TENANT + " exactly once");
    }
    if (!template.startsWith(TENANT + "/", at)) {
      throw new IllegalArgumentException(
          name
              + ": "
              + TENANT
              + " must be followed by '/' so that one tenant's prefix is never"
              + " a prefix of another's");
    }
    if (!template.endsWith("/")) {
      throw new IllegalArgumentException(name + " must end with '/'");
    }
    String sample = template.replace(TENANT, "t");
    String path = sample.substring(0, sample.length() - 1);
    try {
      if (absolute) {
        ReferenceGrammar.checkFilePath(path, 0);
      } else {
        if (path.startsWith("/")) {
          throw new IllegalArgumentException(name + " is relative to /v1/: no leading '/'");
        }
        ReferenceGrammar.checkVaultDynamicPath(path + "/x", 0);
      }
    } catch (InvalidSecretReferenceException e) {
      throw new IllegalArgumentException(name + " is not a valid path: " + e.getMessage(), e);
    }
  }
}
