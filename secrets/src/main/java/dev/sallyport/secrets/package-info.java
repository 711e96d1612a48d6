/**
 * Credentials for the executor: leased just in time for one call, revoked right after it, never
 * shown to anyone. See {@code docs/secrets.md}.
 *
 * <h2>The parts</h2>
 *
 * <ul>
 *   <li>{@link dev.sallyport.secrets.SecretReference}: where a credential lives, parsed strictly
 *       from configuration ({@code file:}, {@code env:}, {@code vault:}, {@code vault-dynamic:});
 *       parse errors never echo the text.
 *   <li>{@link dev.sallyport.secrets.TenantPaths}: each tenant's own prefix; a reference outside it
 *       is refused before any store is asked.
 *   <li>{@link dev.sallyport.secrets.SecretStore}: the drivers {@link
 *       dev.sallyport.secrets.FileSecretStore}, {@link
 *       dev.sallyport.secrets.EnvironmentSecretStore} and {@link
 *       dev.sallyport.secrets.VaultSecretStore} (Vault and OpenBao: KV version 2 reads, dynamic
 *       secrets with renew and revoke).
 *   <li>{@link dev.sallyport.secrets.CredentialBroker}: the executor's entry point. {@code
 *       lease(tenant, reference)} returns a {@link dev.sallyport.secrets.Lease} to close right
 *       after the call; {@link dev.sallyport.secrets.LeaseReaper} ends forgotten ones after their
 *       TTL (60 seconds by default); {@link dev.sallyport.secrets.LeaseAudit} receives {@code
 *       lease.*} events for the ledger.
 *   <li>{@link dev.sallyport.secrets.Secret}: the only holder of a value. It prints as {@code
 *       Secret[redacted]}, reveals only through {@code revealChars()} / {@code revealUtf8()}, and
 *       is wiped on close.
 *   <li>{@link dev.sallyport.secrets.SecretUnavailableException}: every failure, with a reason for
 *       the ledger and a message that names the reference, never the value. The caller MUST NOT
 *       dispatch without the credential.
 * </ul>
 */
package dev.sallyport.secrets;
