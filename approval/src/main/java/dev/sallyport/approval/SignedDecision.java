package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

/**
 * The record of how an approval ended, signed by Sallyport with the tenant's Ed25519 key.
 *
 * @param canonicalJson the record, RFC 8785 canonical JSON
 * @param signature base64url (no padding) Ed25519 signature over the UTF-8 bytes of {@code
 *     canonicalJson}
 */
public record SignedDecision(String canonicalJson, String signature) {
  public SignedDecision {
    requireNonNull(canonicalJson, "canonicalJson is null");
    requireNonNull(signature, "signature is null");
  }
}
