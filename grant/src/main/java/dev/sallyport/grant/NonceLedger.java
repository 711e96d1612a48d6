package dev.sallyport.grant;

import dev.sallyport.model.TenantId;
import java.time.Instant;

/**
 * Remembers which grant nonces have been used, so each grant permits one call. {@link
 * GrantVerifier} consumes a nonce last, after every other check passed, so a forged or mismatched
 * packet never burns a real grant's nonce.
 *
 * <p>Contract for every implementation:
 *
 * <ul>
 *   <li>{@link #consume} MUST be atomic per tenant and nonce: of any number of concurrent calls
 *       with the same pair, across threads, processes and replicas sharing the store, exactly one
 *       returns and all others throw {@link NonceReplayedException}.
 *   <li>A consumed nonce MUST be durable before {@code consume} returns and MUST survive a restart
 *       of the process (and of the database, for a store that has one): a restart must never reopen
 *       a replay.
 *   <li>An entry MUST be kept at least until its {@code expiresAt}; after that it MAY be dropped,
 *       because the verifier refuses the grant as expired from then on.
 *   <li>Nonces of different tenants MUST NOT collide: the same nonce under two tenants is two
 *       entries.
 *   <li>Any failure other than a replay (a dead database, a full disk, a full table) MUST throw an
 *       unchecked exception, never return normally: the verifier lets it propagate, so nothing is
 *       dispatched.
 * </ul>
 */
public interface NonceLedger {
  /**
   * Marks {@code nonce} of {@code tenant} as used.
   *
   * @param expiresAt the instant from which the verifier refuses the grant as expired (its expiry
   *     plus the allowed clock skew): the entry may be dropped after it
   * @throws NonceReplayedException if the nonce was consumed before for this tenant
   */
  void consume(TenantId tenant, String nonce, Instant expiresAt) throws NonceReplayedException;
}
