package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The executor's half: decides whether a packet permits exactly the call about to be sent. {@link
 * #verify} returns nothing and throws on any doubt, so an ignored result can never become an allow.
 * Thread-safe.
 *
 * <p>Checks, in this order, each failing with its own {@link RejectionReason}:
 *
 * <ol>
 *   <li>parse strictly ({@code MALFORMED}) and read the version ({@code UNSUPPORTED_VERSION});
 *   <li>find the key id in the <em>expected</em> tenant's keyset ({@code UNKNOWN_KEY}, {@code
 *       RETIRED_KEY}): a key of another tenant is never consulted;
 *   <li>the signature over the exact packet bytes ({@code BAD_SIGNATURE}), constant-time for HMAC;
 *   <li>the signed tenant ({@code WRONG_TENANT});
 *   <li>the time, with a bounded skew ({@code NOT_YET_VALID}, {@code EXPIRED});
 *   <li>tool, action id, arguments digest and recipient ({@code TOOL_MISMATCH}, {@code
 *       ACTION_MISMATCH}, {@code ARGUMENTS_MISMATCH}, {@code RECIPIENT_MISMATCH});
 *   <li>last, consume the nonce ({@code REPLAYED}), so no forged, stale or mismatched packet can
 *       burn the nonce of a real grant.
 * </ol>
 */
public final class GrantVerifier {
  /** Clock skew tolerated between the gatekeeper and the executor unless configured otherwise. */
  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(5);

  /** The most skew that may be configured: beyond this, expiry stops meaning much. */
  public static final Duration MAX_SKEW = Duration.ofSeconds(60);

  private final GrantKeysets keysets;
  private final NonceLedger nonces;
  private final Clock clock;
  private final Duration skew;

  /**
   * @param keysets each tenant's verifying keys
   * @param nonces where used nonces are recorded; durable in production
   * @param clock the executor's clock
   * @param skew how far the gatekeeper's clock may be ahead or behind, 0 to {@link #MAX_SKEW}
   */
  public GrantVerifier(GrantKeysets keysets, NonceLedger nonces, Clock clock, Duration skew) {
    this.keysets = requireNonNull(keysets, "keysets is null");
    this.nonces = requireNonNull(nonces, "nonces is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.skew = requireNonNull(skew, "skew is null");
    if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
      throw new IllegalArgumentException("skew must be between 0 and " + MAX_SKEW);
    }
  }

  /** A verifier that tolerates {@link #DEFAULT_SKEW}. */
  public GrantVerifier(GrantKeysets keysets, NonceLedger nonces, Clock clock) {
    this(keysets, nonces, clock, DEFAULT_SKEW);
  }

  /**
   * Returns normally only if {@code packet} is an authentic, current, unused grant of {@code
   * expected}'s tenant for exactly {@code expected}'s action, tool, arguments and recipient; its
   * nonce is then consumed. Any failure of the nonce ledger propagates as its own unchecked
   * exception: either way, a call that did not return MUST NOT be dispatched.
   *
   * @param packet the packet as received, untrusted
   * @param expected the call about to be sent, built by the executor from what it will send
   * @throws GrantRejectedException with the reason, for the ledger, and the message "invalid grant"
   */
  public void verify(String packet, ExpectedCall expected) throws GrantRejectedException {
    requireNonNull(packet, "packet is null");
    requireNonNull(expected, "expected is null");
    GrantPacket.Parsed parsed = GrantPacket.parse(packet);
    Grant grant = parsed.grant;

    GrantKeyset keyset = keysets.forTenant(expected.tenant());
    GrantKeyset.Entry entry =
        keyset.tenant().equals(expected.tenant()) ? keyset.find(grant.keyId()) : null;
    if (entry == null) {
      throw new GrantRejectedException(RejectionReason.UNKNOWN_KEY);
    }
    switch (entry.status()) {
      case RETIRED -> throw new GrantRejectedException(RejectionReason.RETIRED_KEY);
      case PRIMARY, ENABLED -> {
        if (!entry.key().verifies(parsed.packet, 0, parsed.signedLength, parsed.signature)) {
          throw new GrantRejectedException(RejectionReason.BAD_SIGNATURE);
        }
      }
    }

    if (!grant.tenant().equals(expected.tenant())) {
      throw new GrantRejectedException(RejectionReason.WRONG_TENANT);
    }

    Instant now = clock.instant();
    if (now.isBefore(grant.issuedAt().minus(skew))) {
      throw new GrantRejectedException(RejectionReason.NOT_YET_VALID);
    }
    Instant refusedFrom = grant.expiresAt().plus(skew);
    if (!now.isBefore(refusedFrom)) {
      throw new GrantRejectedException(RejectionReason.EXPIRED);
    }

    if (!grant.tool().equals(expected.tool())) {
      throw new GrantRejectedException(RejectionReason.TOOL_MISMATCH);
    }
    if (!grant.actionId().equals(expected.actionId())) {
      throw new GrantRejectedException(RejectionReason.ACTION_MISMATCH);
    }
    if (!grant.argumentsDigest().equals(expected.argumentsDigest())) {
      throw new GrantRejectedException(RejectionReason.ARGUMENTS_MISMATCH);
    }
    if (!grant.recipient().equals(expected.recipient())) {
      throw new GrantRejectedException(RejectionReason.RECIPIENT_MISMATCH);
    }

    try {
      nonces.consume(grant.tenant(), grant.nonce(), refusedFrom);
    } catch (NonceReplayedException e) {
      throw new GrantRejectedException(RejectionReason.REPLAYED);
    }
  }
}
