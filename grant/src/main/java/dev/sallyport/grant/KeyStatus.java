package dev.sallyport.grant;

/** A key's place in its {@link GrantKeyset}, as in Tink. */
public enum KeyStatus {
  /** Signs new grants, and verifies. Exactly one per keyset that signs. */
  PRIMARY,
  /** Verifies, does not sign: a key being rolled in, or the previous primary being rolled out. */
  ENABLED,
  /** Never verifies again. Its id stays reserved so it is never reused. */
  RETIRED
}
