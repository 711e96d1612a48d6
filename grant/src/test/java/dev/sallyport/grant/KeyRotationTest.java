package dev.sallyport.grant;

import static dev.sallyport.grant.GrantFixture.ACME;
import static dev.sallyport.grant.GrantFixture.CALL;
import static dev.sallyport.grant.GrantFixture.POLICY_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rotation without downtime: add, promote, retire; old keys verify until retired, then never. */
class KeyRotationTest {
  private final SecureRandom random = new SecureRandom();

  @ParameterizedTest
  @CsvSource({
    "HMAC_SHA256, HMAC_SHA256",
    "ED25519, ED25519",
    "HMAC_SHA256, ED25519",
    "ED25519, HMAC_SHA256",
  })
  void oldKeyVerifiesUntilRetiredThenNever(GrantAlgorithm from, GrantAlgorithm to)
      throws Exception {
    GrantFixture f = GrantFixture.with(from);
    String signedByOldBeforeRotation = f.sign();
    String oldInFlight = f.sign();

    // Step 1: the new key is published; it verifies but the old key still signs.
    f.keysets.update(ACME, keyset -> keyset.withKey(GrantFixture.randomKey(to, "k2", random)));
    SignedGrant stillOld = f.signer.sign(CALL, POLICY_VERSION);
    assertThat(stillOld.grant().keyId()).isEqualTo("k1");
    f.verifier.verify(signedByOldBeforeRotation, CALL);

    // Step 2: the new key signs; grants already in flight under the old key still verify.
    f.keysets.update(ACME, keyset -> keyset.promote("k2"));
    SignedGrant byNew = f.signer.sign(CALL, POLICY_VERSION);
    assertThat(byNew.grant().keyId()).isEqualTo("k2");
    assertThat(f.keysets.forTenant(ACME).status("k1")).contains(KeyStatus.ENABLED);
    f.verifier.verify(oldInFlight, CALL);
    f.verifier.verify(byNew.packet(), CALL);

    // Step 3: the old key is retired and never verifies again.
    f.keysets.update(ACME, keyset -> keyset.retire("k1"));
    f.assertRejected(stillOld.packet(), CALL, RejectionReason.RETIRED_KEY);
    f.verifier.verify(f.sign(), CALL);
  }

  @Test
  void aRetiredKeyCannotComeBack() {
    GrantKeyset keyset =
        GrantKeyset.withPrimary(ACME, GrantFixture.key(GrantAlgorithm.HMAC_SHA256, "k1"))
            .withKey(GrantFixture.randomKey(GrantAlgorithm.HMAC_SHA256, "k2", random))
            .promote("k2")
            .retire("k1");

    assertThatThrownBy(() -> keyset.promote("k1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> keyset.withKey(GrantFixture.randomKey(GrantAlgorithm.ED25519, "k1", random)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(keyset.status("k1")).contains(KeyStatus.RETIRED);
  }

  @Test
  void thePrimaryCannotBeRetiredBeforeAnotherIsPromoted() {
    GrantKeyset keyset =
        GrantKeyset.withPrimary(ACME, GrantFixture.key(GrantAlgorithm.ED25519, "k1"));

    assertThatThrownBy(() -> keyset.retire("k1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPublicKeyCannotBePromotedToSign() {
    Ed25519VerifyingKey publicOnly =
        Ed25519VerifyingKey.fromPublicKey("k1", GrantFixture.ED25519_PUBLIC);

    assertThatThrownBy(() -> GrantKeyset.withPrimary(ACME, publicOnly))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void promotingDemotesThePreviousPrimaryToEnabled() {
    GrantKeyset keyset =
        GrantKeyset.withPrimary(ACME, GrantFixture.key(GrantAlgorithm.HMAC_SHA256, "k1"))
            .withKey(GrantFixture.randomKey(GrantAlgorithm.HMAC_SHA256, "k2", random))
            .promote("k2");

    assertThat(keyset.status("k1")).contains(KeyStatus.ENABLED);
    assertThat(keyset.status("k2")).contains(KeyStatus.PRIMARY);
    assertThat(keyset.primary().orElseThrow().keyId()).isEqualTo("k2");
    assertThat(keyset.keyIds()).containsExactly("k1", "k2");
    assertThat(keyset.status("k3")).isEmpty();
  }

  @Test
  void aKeysetUpdateCannotSwitchTenants() {
    InMemoryGrantKeysets keysets = new InMemoryGrantKeysets();

    assertThatThrownBy(() -> keysets.update(ACME, keyset -> GrantKeyset.empty(GrantFixture.GLOBEX)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(keysets.forTenant(ACME).keyIds()).isEmpty();
  }
}
