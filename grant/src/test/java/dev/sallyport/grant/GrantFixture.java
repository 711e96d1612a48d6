package dev.sallyport.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Two tenants, fixed keys, a testing clock, a counting nonce source, and the signer and verifier
 * wired over them the way the gateway and executor wire theirs.
 */
final class GrantFixture {
  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** Bytes 0x00 to 0x1f. */
  static final byte[] HMAC_SECRET =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  /** The secret key of RFC 8032 section 7.1, test 1. */
  static final byte[] ED25519_SEED =
      HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

  /** Its public key, from the same test. */
  static final byte[] ED25519_PUBLIC =
      HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

  static final Map<String, Object> ARGUMENTS =
      Map.of("amount", 1250, "currency", "EUR", "iban", "DE89 3704 0044 0532 0130 00");

  static final String ACTION_ID = "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b70";

  static final ExpectedCall CALL =
      ExpectedCall.of(
          ACME,
          ACTION_ID,
          "payments.pay_supplier",
          ARGUMENTS,
          Recipient.iban("DE89 3704 0044 0532 0130 00"));

  static final String POLICY_VERSION = "acme-7";

  final TestingClock clock = new TestingClock(NOW);
  final InMemoryGrantKeysets keysets = new InMemoryGrantKeysets();
  final InMemoryNonceLedger nonces = new InMemoryNonceLedger(clock, 100_000);
  final GrantSigner signer = new GrantSigner(keysets, clock, new CountingRandom());
  final GrantVerifier verifier = new GrantVerifier(keysets, nonces, clock, Duration.ofSeconds(5));

  /** A fixture where ACME signs with one primary key of {@code algorithm}, id {@code k1}. */
  static GrantFixture with(GrantAlgorithm algorithm) {
    GrantFixture fixture = new GrantFixture();
    fixture.keysets.put(GrantKeyset.withPrimary(ACME, key(algorithm, "k1")));
    return fixture;
  }

  /** The fixed key of {@code algorithm} under {@code keyId}. */
  static GrantKey key(GrantAlgorithm algorithm, String keyId) {
    return switch (algorithm) {
      case HMAC_SHA256 -> HmacSha256Key.fromSecret(keyId, HMAC_SECRET);
      case ED25519 -> Ed25519SigningKey.fromSeed(keyId, ED25519_SEED);
    };
  }

  /** A fresh random key of {@code algorithm}. */
  static GrantKey randomKey(GrantAlgorithm algorithm, String keyId, SecureRandom random) {
    return switch (algorithm) {
      case HMAC_SHA256 -> HmacSha256Key.generate(keyId, random);
      case ED25519 -> Ed25519SigningKey.generate(keyId, random);
    };
  }

  String sign() {
    return sign(CALL);
  }

  String sign(ExpectedCall call) {
    return signer.sign(call, POLICY_VERSION).packet();
  }

  /** Asserts that verifying refuses with {@code reason} and tells the caller nothing more. */
  void assertRejected(String packet, ExpectedCall call, RejectionReason reason) {
    GrantRejectedException e =
        catchThrowableOfType(GrantRejectedException.class, () -> verifier.verify(packet, call));
    assertThat(e).as("verify must refuse").isNotNull();
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e).hasMessage("invalid grant").hasNoCause();
  }

  /**
   * Bytes 0x00 0x01 … 0x0f on the first call; on call n the first eight bytes are XORed with n, so
   * every nonce differs and every run is the same.
   */
  static final class CountingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private long calls;

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      for (int i = 0; i < Math.min(8, bytes.length); i++) {
        bytes[i] ^= (byte) (calls >>> (56 - 8 * i));
      }
      calls++;
    }
  }
}
