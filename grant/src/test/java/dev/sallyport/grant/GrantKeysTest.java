package dev.sallyport.grant;

import static dev.sallyport.grant.GrantFixture.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GrantKeysTest {
  @Test
  void secretBytesLeaveOnlyThroughTheExportAccessorAndAsACopy() {
    HmacSha256Key hmac = HmacSha256Key.fromSecret("k1", GrantFixture.HMAC_SECRET);
    byte[] exported = hmac.exportSecretBytes();
    assertThat(exported).isEqualTo(GrantFixture.HMAC_SECRET);
    exported[0] = 42;
    assertThat(hmac.exportSecretBytes()).isEqualTo(GrantFixture.HMAC_SECRET);

    Ed25519SigningKey ed = Ed25519SigningKey.fromSeed("k2", GrantFixture.ED25519_SEED);
    assertThat(ed.exportSecretBytes()).isEqualTo(GrantFixture.ED25519_SEED);
  }

  @Test
  void noKeyOrKeysetPrintsItsSecret() {
    HmacSha256Key hmac = HmacSha256Key.fromSecret("k1", GrantFixture.HMAC_SECRET);
    Ed25519SigningKey ed = Ed25519SigningKey.fromSeed("k2", GrantFixture.ED25519_SEED);
    GrantKeyset keyset = GrantKeyset.withPrimary(ACME, hmac).withKey(ed);

    for (String text : new String[] {hmac.toString(), ed.toString(), keyset.toString()}) {
      assertThat(text)
          .doesNotContain(HexFormat.of().formatHex(GrantFixture.HMAC_SECRET))
          .doesNotContain(HexFormat.of().formatHex(GrantFixture.ED25519_SEED))
          .doesNotContain(Base64.getEncoder().encodeToString(GrantFixture.HMAC_SECRET));
    }
    assertThat(keyset.toString())
        .isEqualTo("GrantKeyset[tenant=acme, k1=HMAC_SHA256/PRIMARY, k2=ED25519/ENABLED]");
  }

  @Test
  void derivesTheRfc8032PublicKey() {
    Ed25519SigningKey ed = Ed25519SigningKey.fromSeed("k1", GrantFixture.ED25519_SEED);

    assertThat(ed.verifyingKey().publicKeyBytes()).isEqualTo(GrantFixture.ED25519_PUBLIC);
    assertThat(ed.verifyingKey().keyId()).isEqualTo("k1");
  }

  @Test
  void rejectsKeysOfTheWrongSize() {
    assertThatThrownBy(() -> HmacSha256Key.fromSecret("k1", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HmacSha256Key.fromSecret("k1", new byte[65]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519SigningKey.fromSeed("k1", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519VerifyingKey.fromPublicKey("k1", new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsKeyIdsThatCannotTravelInAPacket() {
    for (String bad : new String[] {"", "k.1", "-k1", "k 1", "k/1", "k".repeat(65)}) {
      assertThatThrownBy(() -> HmacSha256Key.fromSecret(bad, GrantFixture.HMAC_SECRET))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aPublicKeyCannotSign() {
    Ed25519VerifyingKey publicOnly =
        Ed25519VerifyingKey.fromPublicKey("k1", GrantFixture.ED25519_PUBLIC);

    assertThat(publicOnly.canSign()).isFalse();
    assertThatThrownBy(() -> publicOnly.sign(new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class);
  }
}
