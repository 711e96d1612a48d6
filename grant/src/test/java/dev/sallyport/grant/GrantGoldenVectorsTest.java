package dev.sallyport.grant;

import static dev.sallyport.grant.GrantFixture.CALL;
import static dev.sallyport.grant.GrantFixture.POLICY_VERSION;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fixed keys, clock and nonce give exactly these packets: the format cannot drift without this test
 * and the README changing together. The signatures are checked again with the JDK's own HMAC and
 * Ed25519, independent of the code under test.
 */
class GrantGoldenVectorsTest {
  /** The canonical payload both vectors carry (the nonce is bytes 0x00 to 0x0f). */
  static final String PAYLOAD =
      "{\"actionId\":\"0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b70\","
          + "\"argumentsSha256\":\"0d5b11b91266dd95ec8af0f563a513a6d78bf2d50aa5b76dd728c72b37c85fb8\","
          + "\"expiresAt\":1772366460,"
          + "\"issuedAt\":1772366400,"
          + "\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\","
          + "\"policyVersion\":\"acme-7\","
          + "\"recipient\":\"iban:DE89370400440532013000\","
          + "\"tenant\":\"acme\","
          + "\"tool\":\"payments.pay_supplier\"}";

  /** {@code base64url(PAYLOAD)}, the third part of both packets. */
  static final String ENCODED_PAYLOAD =
      "eyJhY3Rpb25JZCI6IjAxOTVmM2EyLTdjMWUtN2QzYS04YjRmLTJhOWMxZTZkNWI3MCIsImFyZ3VtZW50"
          + "c1NoYTI1NiI6IjBkNWIxMWI5MTI2NmRkOTVlYzhhZjBmNTYzYTUxM2E2ZDc4YmYyZDUwYWE1Yjc2ZGQ3"
          + "MjhjNzJiMzdjODVmYjgiLCJleHBpcmVzQXQiOjE3NzIzNjY0NjAsImlzc3VlZEF0IjoxNzcyMzY2NDAw"
          + "LCJub25jZSI6IkFBRUNBd1FGQmdjSUNRb0xEQTBPRHciLCJwb2xpY3lWZXJzaW9uIjoiYWNtZS03Iiwi"
          + "cmVjaXBpZW50IjoiaWJhbjpERTg5MzcwNDAwNDQwNTMyMDEzMDAwIiwidGVuYW50IjoiYWNtZSIsInRv"
          + "b2wiOiJwYXltZW50cy5wYXlfc3VwcGxpZXIifQ";

  /** HMAC-SHA256, key id {@code k1}, secret bytes 0x00 to 0x1f. */
  static final String HMAC_PACKET =
      "sp-grant-v1.k1." + ENCODED_PAYLOAD + ".FxB4-QiGNAjStaOU621DEnrNo2l7ZcufBZhUQJObRRE";

  /** Ed25519, key id {@code k1}, the RFC 8032 test 1 key. */
  static final String ED25519_PACKET =
      "sp-grant-v1.k1."
          + ENCODED_PAYLOAD
          + ".UKm-fzPjChYByGfIWpbhpWUVlQFaUsqfiptIf6IWUrvWNGXW2ft8cYysIuRA5PQ2AQSo55xTP8vF9buZgNR3Dg";

  private static String golden(GrantAlgorithm algorithm) {
    return switch (algorithm) {
      case HMAC_SHA256 -> HMAC_PACKET;
      case ED25519 -> ED25519_PACKET;
    };
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void signsExactlyTheGoldenPacket(GrantAlgorithm algorithm) {
    GrantFixture f = GrantFixture.with(algorithm);

    assertThat(f.signer.sign(CALL, POLICY_VERSION).packet()).isEqualTo(golden(algorithm));
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void verifiesTheGoldenPacket(GrantAlgorithm algorithm) throws Exception {
    GrantFixture.with(algorithm).verifier.verify(golden(algorithm), CALL);
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void thePayloadIsTheRfc8785CanonicalJsonOfTheFields(GrantAlgorithm algorithm) {
    String[] parts = golden(algorithm).split("\\.", -1);
    String payload = new String(Base64.getUrlDecoder().decode(parts[2]), US_ASCII);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("tool", "payments.pay_supplier");
    fields.put("tenant", "acme");
    fields.put("recipient", "iban:DE89370400440532013000");
    fields.put("policyVersion", "acme-7");
    fields.put("nonce", "AAECAwQFBgcICQoLDA0ODw");
    fields.put("issuedAt", 1772366400L);
    fields.put("expiresAt", 1772366460L);
    fields.put("argumentsSha256", CALL.argumentsDigest());
    fields.put("actionId", "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b70");

    assertThat(payload).isEqualTo(PAYLOAD).isEqualTo(CanonicalJson.string(fields));
    assertThat(parts[0]).isEqualTo("sp-grant-v1");
    assertThat(parts[1]).isEqualTo("k1");
  }

  @Test
  void theReadmeDocumentsExactlyTheseVectors() throws Exception {
    // Surefire runs in the module folder.
    String readme = Files.readString(Path.of("README.md"));

    assertThat(readme).contains(HMAC_PACKET).contains(ED25519_PACKET).contains(PAYLOAD);
  }

  @Test
  void theArgumentsDigestIsTheSha256OfTheCanonicalArguments() {
    assertThat(CanonicalJson.string(GrantFixture.ARGUMENTS))
        .isEqualTo(
            "{\"amount\":1250,\"currency\":\"EUR\",\"iban\":\"DE89 3704 0044 0532 0130 00\"}");
    assertThat(CALL.argumentsDigest())
        .isEqualTo("0d5b11b91266dd95ec8af0f563a513a6d78bf2d50aa5b76dd728c72b37c85fb8");
  }

  @Test
  void theHmacSignatureIsThePlainJdkHmacOverTheBytesBeforeTheLastDot() throws Exception {
    int lastDot = HMAC_PACKET.lastIndexOf('.');
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(GrantFixture.HMAC_SECRET, "HmacSHA256"));
    byte[] expected = mac.doFinal(HMAC_PACKET.substring(0, lastDot).getBytes(US_ASCII));

    assertThat(Base64.getUrlDecoder().decode(HMAC_PACKET.substring(lastDot + 1)))
        .isEqualTo(expected);
  }

  @Test
  void theEd25519SignatureVerifiesWithTheJdkProvider() throws Exception {
    // SubjectPublicKeyInfo for Ed25519 (RFC 8410) is this 12-byte prefix and the raw key.
    byte[] spki =
        HexFormat.of()
            .parseHex(
                "302a300506032b6570032100" + HexFormat.of().formatHex(GrantFixture.ED25519_PUBLIC));
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    int lastDot = ED25519_PACKET.lastIndexOf('.');
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(ED25519_PACKET.substring(0, lastDot).getBytes(US_ASCII));

    assertThat(
            verifier.verify(Base64.getUrlDecoder().decode(ED25519_PACKET.substring(lastDot + 1))))
        .isTrue();
  }
}
