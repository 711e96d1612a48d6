package dev.sallyport.grant;

/**
 * Why a packet was refused, in the order {@link GrantVerifier} checks. For the ledger's {@code
 * executor.signature_rejected} event and for metrics; never shown to the caller, who only learns
 * "invalid grant".
 */
public enum RejectionReason {
  /** Not a packet: wrong shape, characters, encoding, lengths, or payload fields. */
  MALFORMED,
  /** A well-formed {@code sp-grant-vN} header for a version this code does not read. */
  UNSUPPORTED_VERSION,
  /** The key id is not in the expected tenant's keyset (another tenant's key lands here). */
  UNKNOWN_KEY,
  /** The key id names a retired key. */
  RETIRED_KEY,
  /** The signature does not verify under the named key. */
  BAD_SIGNATURE,
  /** Authentic, but issued for another tenant than the one the call acts for. */
  WRONG_TENANT,
  /** Now is at or after expiry plus the allowed skew. */
  EXPIRED,
  /** Now is before issue minus the allowed skew. */
  NOT_YET_VALID,
  /** The nonce was consumed before. */
  REPLAYED,
  /** The grant is for another tool. */
  TOOL_MISMATCH,
  /** The grant is for another action (the same call, minted for another ledger action). */
  ACTION_MISMATCH,
  /** The grant is for other arguments. */
  ARGUMENTS_MISMATCH,
  /** The grant is for another recipient. */
  RECIPIENT_MISMATCH
}
