package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Secrets in the executor's environment variables, named by the fixed per-tenant rule of {@link
 * TenantPaths#environmentPrefix}. The environment is passed in (the server passes {@code
 * System.getenv()}), so nothing here reads process-wide state and tests pass a map. The field name
 * of the value is {@value #FIELD}.
 *
 * <p>Environment variables suit a single-tenant deployment or development: every process of the
 * same user can read them ({@code /proc/PID/environ}), and they cannot be rotated without a
 * restart. Prefer files or Vault in production.
 */
public final class EnvironmentSecretStore implements SecretStore {
  /** The field name under which the variable's value is leased. */
  public static final String FIELD = "value";

  private final Map<String, String> environment;

  public EnvironmentSecretStore(Map<String, String> environment) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
  }

  @Override
  public Set<SecretReference.Scheme> schemes() {
    return Set.of(SecretReference.Scheme.ENV);
  }

  @Override
  public StoreLease lease(TenantId tenant, SecretReference reference, Duration ttl)
      throws SecretUnavailableException {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(ttl, "ttl is null");
    if (!(reference instanceof SecretReference.InEnvironment variable)) {
      throw new SecretUnavailableException(
          reference, Reason.NOT_CONFIGURED, "the environment store serves env: references only");
    }
    TenantPaths.checkVariableOwnedBy(tenant, variable);
    String value = environment.get(variable.name());
    if (value == null) {
      throw new SecretUnavailableException(reference, Reason.NOT_FOUND, "no such variable");
    }
    if (value.isEmpty()) {
      throw new SecretUnavailableException(reference, Reason.MALFORMED, "the variable is empty");
    }
    return StaticStoreLease.of(FIELD, Secret.adopt(value.toCharArray()));
  }
}
