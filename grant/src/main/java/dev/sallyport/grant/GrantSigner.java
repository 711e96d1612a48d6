package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The gatekeeper's half: turns an allowed call into a signed, single-use, short-lived packet with
 * the tenant's primary key. Thread-safe; holds no state of its own beyond what it is given.
 */
public final class GrantSigner {
  /** How long a grant lives unless configured otherwise. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

  private final GrantKeysets keysets;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration lifetime;

  /**
   * @param keysets where each tenant's primary key is found
   * @param clock the time grants are issued at
   * @param random the source of nonces
   * @param lifetime whole seconds from issue to expiry, at most {@link Grant#MAX_LIFETIME}
   */
  public GrantSigner(GrantKeysets keysets, Clock clock, SecureRandom random, Duration lifetime) {
    this.keysets = requireNonNull(keysets, "keysets is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.random = requireNonNull(random, "random is null");
    this.lifetime = requireNonNull(lifetime, "lifetime is null");
    if (lifetime.isNegative()
        || lifetime.isZero()
        || !lifetime.truncatedTo(ChronoUnit.SECONDS).equals(lifetime)
        || lifetime.compareTo(Grant.MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "grant lifetime must be whole seconds, positive and at most " + Grant.MAX_LIFETIME);
    }
  }

  /** A signer whose grants live {@link #DEFAULT_LIFETIME}. */
  public GrantSigner(GrantKeysets keysets, Clock clock, SecureRandom random) {
    this(keysets, clock, random, DEFAULT_LIFETIME);
  }

  /**
   * Signs a grant for exactly {@code call}, issued now (to the second) and expiring after the
   * configured lifetime, with a fresh nonce, under the tenant's primary key.
   *
   * @param call the call being permitted: tenant, action id, tool, arguments digest and recipient
   * @param policyVersion the policy version that allowed it
   * @throws IllegalStateException if the tenant has no primary key that can sign
   * @throws IllegalArgumentException if the policy version cannot be carried
   */
  public SignedGrant sign(ExpectedCall call, String policyVersion) {
    requireNonNull(call, "call is null");
    GrantKeyset keyset = keysets.forTenant(call.tenant());
    if (!keyset.tenant().equals(call.tenant())) {
      throw new IllegalStateException("keyset source returned another tenant's keyset");
    }
    GrantKey key =
        keyset
            .primary()
            .orElseThrow(
                () -> new IllegalStateException("tenant " + call.tenant() + " has no grant key"));
    Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    byte[] nonce = new byte[Grant.NONCE_BYTES];
    random.nextBytes(nonce);
    Grant grant =
        new Grant(
            Grant.VERSION,
            key.keyId(),
            call.tenant(),
            call.actionId(),
            call.tool(),
            call.argumentsDigest(),
            call.recipient(),
            policyVersion,
            issuedAt,
            issuedAt.plus(lifetime),
            Grant.encodeNonce(nonce));
    return new SignedGrant(grant, GrantPacket.encode(grant, key));
  }
}
