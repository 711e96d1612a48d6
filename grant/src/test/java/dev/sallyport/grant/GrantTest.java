package dev.sallyport.grant;

import static dev.sallyport.grant.GrantFixture.ACME;
import static dev.sallyport.grant.GrantFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A grant that exists is well formed: each rule of the compact constructor, one line each. */
class GrantTest {
  private static final String DIGEST = "a".repeat(64);
  private static final String NONCE = "AAECAwQFBgcICQoLDA0ODw";

  private static Grant grant(
      int version,
      String keyId,
      String actionId,
      String tool,
      String digest,
      String policyVersion,
      Instant issuedAt,
      Instant expiresAt,
      String nonce) {
    return new Grant(
        version,
        keyId,
        ACME,
        actionId,
        tool,
        digest,
        Recipient.none(),
        policyVersion,
        issuedAt,
        expiresAt,
        nonce);
  }

  private static Grant valid() {
    return grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, NOW.plusSeconds(60), NONCE);
  }

  @Test
  void buildsAValidGrant() {
    assertThat(valid().nonce()).isEqualTo(NONCE);
  }

  @Test
  void refusesEachBrokenRule() {
    Instant later = NOW.plusSeconds(60);
    Runnable[] broken = {
      () -> grant(2, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, later, NONCE),
      () -> grant(1, "k.1", "a-1", "mail.send", DIGEST, "p1", NOW, later, NONCE),
      () -> grant(1, "k1", "", "mail.send", DIGEST, "p1", NOW, later, NONCE),
      () -> grant(1, "k1", "a 1", "mail.send", DIGEST, "p1", NOW, later, NONCE),
      () -> grant(1, "k1", "a\"1", "mail.send", DIGEST, "p1", NOW, later, NONCE),
      () -> grant(1, "k1", "a-1", "Mail", DIGEST, "p1", NOW, later, NONCE),
      () ->
          grant(
              1,
              "k1",
              "a-1",
              "mail.send",
              DIGEST.toUpperCase(Locale.ROOT),
              "p1",
              NOW,
              later,
              NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST.substring(1), "p1", NOW, later, NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p\\1", NOW, later, NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "x".repeat(129), NOW, later, NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW.plusMillis(1), later, NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, NOW, NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", later, NOW, NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, NOW.plusSeconds(3601), NONCE),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, later, "AAECAwQFBgcICQoLDA0ODx"),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, later, "AAECAwQFBgcICQoLDA0OD"),
      () -> grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, later, "AAECAwQFBgcICQoLDA0OD+"),
    };
    for (int i = 0; i < broken.length; i++) {
      assertThatThrownBy(broken[i]::run)
          .as("rule %d", i)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void allowsTheLongestLifetimeExactly() {
    Grant grant =
        grant(1, "k1", "a-1", "mail.send", DIGEST, "p1", NOW, NOW.plus(Grant.MAX_LIFETIME), NONCE);

    assertThat(Duration.between(grant.issuedAt(), grant.expiresAt()))
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void printsNoArgumentsDigestRecipientOrNonce() {
    Grant grant =
        new Grant(
            1,
            "k1",
            ACME,
            "a-1",
            "mail.send",
            DIGEST,
            Recipient.email("alice@example.com"),
            "p1",
            NOW,
            NOW.plusSeconds(60),
            NONCE);

    assertThat(grant.toString())
        .doesNotContain("alice")
        .doesNotContain(DIGEST)
        .doesNotContain(NONCE);
  }
}
