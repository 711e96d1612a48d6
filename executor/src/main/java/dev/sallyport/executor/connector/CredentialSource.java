package dev.sallyport.executor.connector;

import dev.sallyport.model.TenantId;

/**
 * Where the executor leases the credential of one connector for one execution, just in time, after
 * the grant verified. {@link dev.sallyport.executor.credential.BrokeredCredentials} leases from the
 * secret stores (files, environment, Vault / OpenBao); the executor calls {@link
 * CredentialLease#close()} right after the call, on failure too.
 */
public interface CredentialSource {
  /**
   * Leases what {@code connector} of {@code tenant} authenticates with, for one action.
   *
   * @param actionId the action the credential is for, written in every {@code lease.*} event
   * @return a lease of nothing when the connector has no credential configured
   * @throws CredentialUnavailableException if the store cannot lease it: nothing is sent
   */
  CredentialLease lease(TenantId tenant, String connector, String actionId)
      throws CredentialUnavailableException;

  /**
   * A source that leases nothing: connectors call their systems unauthenticated. Only for
   * deployments where no connector has a {@code credential:}; a connector that has one refuses to
   * send without it.
   */
  static CredentialSource none() {
    return (tenant, connector, actionId) -> CredentialLease.EMPTY;
  }
}
