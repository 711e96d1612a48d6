package dev.sallyport.executor.credential;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.CredentialSettings;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.executor.connector.Credential;
import dev.sallyport.executor.connector.CredentialLease;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.connector.CredentialUnavailableException;
import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.CredentialBroker;
import dev.sallyport.secrets.Lease;
import dev.sallyport.secrets.LeaseRequest;
import dev.sallyport.secrets.SecretUnavailableException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The executor's credentials, leased from the secret stores through the {@link CredentialBroker}:
 * for each call, the credential the connector's {@code credential:} names is read (or issued) now,
 * under the tenant's own paths, recorded as {@code lease.granted}, and revoked when the executor
 * closes the lease right after the call ({@code lease.revoked}), on failure too.
 *
 * <p>Every failure of a store becomes a {@link CredentialUnavailableException} whose message names
 * the reference and the reason code: the executor then sends nothing.
 */
public final class BrokeredCredentials implements CredentialSource {
  private final Map<TenantId, Map<String, CredentialSettings>> credentials;
  private final CredentialBroker broker;

  /**
   * @param credentials each tenant's connectors that have a credential, by connector name
   */
  public BrokeredCredentials(
      Map<TenantId, Map<String, CredentialSettings>> credentials, CredentialBroker broker) {
    Map<TenantId, Map<String, CredentialSettings>> copy = new HashMap<>();
    credentials.forEach((tenant, byConnector) -> copy.put(tenant, Map.copyOf(byConnector)));
    this.credentials = Map.copyOf(copy);
    this.broker = requireNonNull(broker, "broker is null");
  }

  /** The credentials of every connector of every tenant of {@code deployment}. */
  public static BrokeredCredentials of(Deployment deployment, CredentialBroker broker) {
    Map<TenantId, Map<String, CredentialSettings>> credentials = new HashMap<>();
    for (TenantConfig tenant : deployment.tenants().values()) {
      Map<String, CredentialSettings> byConnector = new HashMap<>();
      tenant
          .connectors()
          .forEach(
              (name, settings) -> settings.credential().ifPresent(c -> byConnector.put(name, c)));
      credentials.put(tenant.id(), byConnector);
    }
    return new BrokeredCredentials(credentials, broker);
  }

  @Override
  public CredentialLease lease(TenantId tenant, String connector, String actionId)
      throws CredentialUnavailableException {
    CredentialSettings settings = credentials.getOrDefault(tenant, Map.of()).get(connector);
    if (settings == null) {
      return CredentialLease.EMPTY;
    }
    Lease lease;
    try {
      lease = broker.lease(LeaseRequest.of(tenant, settings.secret()).forAction(actionId));
    } catch (SecretUnavailableException e) {
      throw new CredentialUnavailableException(
          "the credential "
              + settings.secret()
              + " of connector "
              + connector
              + " is unavailable: "
              + e.reason().code());
    }
    Credential credential;
    try {
      credential = credential(settings, lease);
    } catch (RuntimeException e) {
      // A dynamic secret with several fields and no #field: configuration refuses it, so this
      // only guards against a store that answers differently from what was configured.
      lease.close();
      throw new CredentialUnavailableException(
          "the credential "
              + settings.secret()
              + " of connector "
              + connector
              + " is not one value");
    }
    return new Leased(lease, credential);
  }

  private static Credential credential(CredentialSettings settings, Lease lease) {
    char[] chars = lease.secret().revealChars();
    try {
      // The JDK's HTTP client and Jakarta Mail take a String: that copy lives until the garbage
      // collector takes it (docs/secrets.md, "What wiping can and cannot do").
      String value = new String(chars);
      return switch (settings.presentation()) {
        case CredentialSettings.Bearer b -> Credential.token(value);
        case CredentialSettings.Header h -> Credential.token(value);
        case CredentialSettings.Login l -> Credential.login(l.username(), value);
      };
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** One broker lease, closed (revoked, wiped, recorded) right after the call. */
  private static final class Leased implements CredentialLease {
    private final Lease lease;
    private final Credential credential;

    Leased(Lease lease, Credential credential) {
      this.lease = lease;
      this.credential = credential;
    }

    @Override
    public Optional<Credential> credential() {
      return Optional.of(credential);
    }

    @Override
    public void close() {
      lease.close();
    }

    @Override
    public String toString() {
      return "CredentialLease[" + lease + "]";
    }
  }
}
