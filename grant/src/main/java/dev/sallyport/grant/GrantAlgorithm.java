package dev.sallyport.grant;

/**
 * How a packet is signed. The algorithm belongs to the key the key id names, never to the packet,
 * so a packet cannot choose a weaker check.
 */
public enum GrantAlgorithm {
  /** HMAC-SHA256 (RFC 2104) with a per-tenant secret; whoever verifies can also sign. */
  HMAC_SHA256,
  /** Ed25519 (RFC 8032, pure); an executor holding only the public key cannot forge grants. */
  ED25519
}
