package dev.sallyport.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys of a JWK set may verify tokens, and which key may verify which header. */
class VerificationKeysTest {
  @Test
  void keepsRsaOf2048BitsOrMoreAndEcSigningKeysOnlyAndDropsPrivateParts() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").keyUse(KeyUse.SIGNATURE).generate();
    JWKSet set =
        new JWKSet(
            List.of(
                rsa,
                ec,
                new RSAKeyGenerator(1024, true).keyID("short").generate(),
                new OctetSequenceKeyGenerator(256).keyID("hmac").generate(),
                OctetKeyPair.parse(
                    "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\","
                        + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}"),
                new ECKeyGenerator(Curve.P_256).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate()));

    VerificationKeys keys = VerificationKeys.of(set);

    assertThat(keys.keys()).extracting(k -> k.jwk().getKeyID()).containsExactly("rsa", "ec");
    assertThat(keys.keys()).allMatch(k -> !k.jwk().isPrivate());
  }

  @Test
  void aHeaderSelectsKeysOfItsAlgorithmsTypeAndItsKeyId() throws Exception {
    VerificationKeys keys =
        VerificationKeys.of(
            new JWKSet(
                List.of(
                    new RSAKeyGenerator(2048).keyID("a").generate(),
                    new RSAKeyGenerator(2048).keyID("b").generate(),
                    new ECKeyGenerator(Curve.P_256).keyID("a").generate(),
                    new ECKeyGenerator(Curve.P_384).keyID("c").generate())));

    assertThat(keys.candidates(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("a").build()))
        .extracting(k -> k.jwk().getKeyType().getValue())
        .containsExactly("RSA");
    assertThat(keys.candidates(new JWSHeader.Builder(JWSAlgorithm.RS256).build())).hasSize(2);
    assertThat(keys.candidates(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("c").build()))
        .isEmpty();
    assertThat(keys.candidates(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("a").build()))
        .isEmpty();
  }
}
