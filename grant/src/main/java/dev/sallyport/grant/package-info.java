/**
 * Signed grants: the decision packet the gatekeeper signs and the executor verifies before it
 * touches any credential. Shared by the gateway (signs) and the executor (verifies); holds no
 * policy code, does no I/O.
 *
 * <h2>The parts</h2>
 *
 * <ul>
 *   <li>{@link dev.sallyport.grant.Grant}: what a packet says: tenant, action, tool, arguments
 *       digest, {@link dev.sallyport.grant.Recipient}, policy version, issue and expiry times,
 *       nonce.
 *   <li>{@link dev.sallyport.grant.GrantSigner}: signs an {@link dev.sallyport.grant.ExpectedCall}
 *       with the tenant's primary key.
 *   <li>{@link dev.sallyport.grant.GrantVerifier}: {@code verify(packet, expectedCall)} returns
 *       nothing or throws {@link dev.sallyport.grant.GrantRejectedException} with a {@link
 *       dev.sallyport.grant.RejectionReason} for the ledger and the message "invalid grant".
 *   <li>{@link dev.sallyport.grant.GrantKeyset}: one tenant's keys, Tink style: PRIMARY signs,
 *       ENABLED verifies, RETIRED never verifies. {@link dev.sallyport.grant.HmacSha256Key} (shared
 *       secret), {@link dev.sallyport.grant.Ed25519SigningKey} (gatekeeper) and {@link
 *       dev.sallyport.grant.Ed25519VerifyingKey} (executor: verifies, cannot forge). Secret bytes
 *       leave a key only through {@code exportSecretBytes()}.
 *   <li>{@link dev.sallyport.grant.NonceLedger}: single use; durable implementations MUST survive a
 *       restart.
 * </ul>
 *
 * <h2>Wire format, version 1</h2>
 *
 * <pre>
 * sp-grant-v1 "." KEYID "." B64U(PAYLOAD) "." B64U(SIGNATURE)
 * </pre>
 *
 * <ul>
 *   <li>The packet is ASCII, at most 4096 characters, only {@code A-Z a-z 0-9 - _ .}, exactly three
 *       dots. {@code B64U} is base64url without padding, with zero unused bits.
 *   <li>{@code KEYID} names a key in the expected tenant's keyset; the key, not the packet, decides
 *       the algorithm (HMAC-SHA256: 32-byte signature; Ed25519: 64 bytes).
 *   <li>{@code SIGNATURE} covers the ASCII bytes of everything before the last dot: version, key id
 *       and encoded payload.
 *   <li>{@code PAYLOAD} is the RFC 8785 canonical JSON object with exactly the members {@code
 *       actionId, argumentsSha256, expiresAt, issuedAt, nonce, policyVersion, recipient, tenant,
 *       tool} (times in epoch seconds, all other values strings of printable ASCII without
 *       escapes). A payload in any other form is malformed, so a grant has exactly one packet per
 *       key and nonce.
 * </ul>
 *
 * <p>The module README documents each byte, with test vectors, for independent executors.
 */
package dev.sallyport.grant;
