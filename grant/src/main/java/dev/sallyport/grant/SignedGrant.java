package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

/**
 * A grant and its signed packet, as {@link GrantSigner} returns them: the packet goes to the
 * executor, the grant's nonce, key id and expiry go to the ledger.
 */
public record SignedGrant(Grant grant, String packet) {
  public SignedGrant {
    requireNonNull(grant, "grant is null");
    requireNonNull(packet, "packet is null");
  }

  @Override
  public String toString() {
    return "SignedGrant[" + grant + "]";
  }
}
