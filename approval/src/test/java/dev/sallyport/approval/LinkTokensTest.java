package dev.sallyport.approval;

import static dev.sallyport.approval.ApprovalFixtures.ACME;
import static dev.sallyport.approval.ApprovalFixtures.GLOBEX;
import static dev.sallyport.approval.ApprovalFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.testing.TestingClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkTokensTest {
  private final KeyPair acmeKey = ApprovalFixtures.ed25519();
  private final KeyPair globexKey = ApprovalFixtures.ed25519();
  private final TestingClock clock = new TestingClock(NOW);
  private final LinkTokens tokens =
      new LinkTokens(
          tenant -> Optional.ofNullable(Map.of(ACME, acmeKey, GLOBEX, globexKey).get(tenant)),
          clock);
  private final ApprovalLink link =
      new ApprovalLink(ACME, "appr-1", "fiona@acme.example", NOW.plusSeconds(600), "n-1");

  @Test
  void aTokenVerifiesToTheLinkItWasMadeFrom() throws LinkTokenException {
    String token = tokens.issue(link);

    assertThat(token).startsWith("spa1.").doesNotContain("=");
    assertThat(tokens.verify(token)).isEqualTo(link);
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = tokens.issue(link);
    clock.advance(Duration.ofSeconds(600));

    assertThatThrownBy(() -> tokens.verify(token))
        .isInstanceOf(LinkTokenException.class)
        .hasMessage("link has expired");
  }

  @Test
  void aTokenSignedWithAnotherTenantsKeyIsRefused() {
    // Globex signs a link that claims to be Acme's: Acme's key does not verify it.
    LinkTokens globexOnly = new LinkTokens(tenant -> Optional.of(globexKey), clock);
    String forged = globexOnly.issue(link);

    assertThatThrownBy(() -> tokens.verify(forged))
        .isInstanceOf(LinkTokenException.class)
        .hasMessage("link does not verify");
  }

  @Test
  void aTokenForATenantWithoutKeysIsRefused() {
    LinkTokens none = new LinkTokens(tenant -> Optional.empty(), clock);

    assertThatThrownBy(() -> none.verify(tokens.issue(link)))
        .isInstanceOf(LinkTokenException.class);
  }

  @Test
  void changingAnyCharacterOfTheTokenBreaksIt() {
    String token = tokens.issue(link);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
      if (changed.equals(token)) {
        continue;
      }
      assertThatThrownBy(() -> tokens.verify(changed))
          .as("changed at %d", i)
          .isInstanceOf(LinkTokenException.class);
    }
  }

  @Test
  void aPayloadWithAnExtraFieldIsRefusedEvenWhenSigned() throws Exception {
    String payload =
        "{\"approval\":\"appr-1\",\"exp\":1900000000,\"nonce\":\"n\",\"role\":\"admin\","
            + "\"tenant\":\"acme\",\"to\":\"x\"}";
    assertThatThrownBy(() -> tokens.verify(signed(payload)))
        .isInstanceOf(LinkTokenException.class)
        .hasMessage("malformed link");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "spa1",
        "spa1.",
        "spa1..",
        "spa2.e30.AA",
        "spa1.e30.AA.AA",
        "spa1.e30=.AA",
        "spa1.!!!.AA",
        "spa1.e30.AA",
      })
  void malformedTokensAreRefused(String token) {
    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(LinkTokenException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "null",
        "{\"approval\":\"a\",\"exp\":\"soon\",\"nonce\":\"n\",\"tenant\":\"acme\",\"to\":\"x\"}",
        "{\"approval\":\"a\",\"exp\":1.5,\"nonce\":\"n\",\"tenant\":\"acme\",\"to\":\"x\"}",
        "{\"approval\":\"\",\"exp\":1900000000,\"nonce\":\"n\",\"tenant\":\"acme\",\"to\":\"x\"}",
        "{\"approval\":\"a\",\"approval\":\"b\",\"exp\":1,\"nonce\":\"n\",\"tenant\":\"acme\"}",
        "{\"approval\":\"a\",\"exp\":1900000000,\"nonce\":\"n\",\"tenant\":\"ACME!\",\"to\":\"x\"}",
        "{\"approval\":\"a\",\"exp\":99999999999999999999,\"nonce\":\"n\",\"tenant\":\"acme\",\"to\":\"x\"}",
      })
  void signedButMalformedPayloadsAreRefused(String payload) {
    assertThatThrownBy(() -> tokens.verify(signed(payload)))
        .isInstanceOf(LinkTokenException.class)
        .hasMessage("malformed link");
  }

  @Test
  void anOversizeTokenIsRefusedBeforeDecoding() {
    assertThatThrownBy(() -> tokens.verify("spa1." + "A".repeat(LinkTokens.MAX_LENGTH)))
        .isInstanceOf(LinkTokenException.class)
        .hasMessage("malformed link");
  }

  /** A token over any payload, correctly signed with Acme's key. */
  private String signed(String payload) throws Exception {
    String head =
        "spa1."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
    signer.initSign(acmeKey.getPrivate());
    signer.update(head.getBytes(StandardCharsets.US_ASCII));
    return head + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
  }
}
