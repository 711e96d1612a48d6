package dev.sallyport.ledger.store;

import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.model.TenantId;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** Signing keys held in memory, a random one per tenant, for backends without a key folder. */
public final class TestingSigningKeys implements SigningKeys {
  private final String originHost;
  private final Map<TenantId, Ed25519NoteSigner> signers = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  public TestingSigningKeys(String originHost) {
    this.originHost = originHost;
  }

  @Override
  public String origin(TenantId tenant) {
    return originHost + "/" + tenant.value();
  }

  @Override
  public synchronized Ed25519NoteSigner signer(TenantId tenant) {
    return signers.computeIfAbsent(tenant, t -> Ed25519NoteSigner.generate(origin(t), random));
  }
}
