package dev.sallyport.grant;

import static dev.sallyport.grant.GrantFixture.ACME;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Properties over randomly generated grants (both algorithms, every recipient kind): every signed
 * packet verifies, and no single-bit change anywhere in a packet's bytes is accepted, nor burns the
 * real grant's nonce.
 */
class GrantPacketPropertiesTest {
  private static final List<String> TOOLS =
      List.of("payments.pay_supplier", "mail.send", "dir.disable_user", "crm.update-contact");

  /** A signed packet, the call it permits, and the fixture that verifies it. */
  private record Case(GrantFixture fixture, String packet, ExpectedCall call) {}

  private static Case randomCase(long seed) {
    Random random = new Random(seed);
    GrantAlgorithm algorithm =
        random.nextBoolean() ? GrantAlgorithm.HMAC_SHA256 : GrantAlgorithm.ED25519;
    GrantFixture fixture = GrantFixture.with(algorithm);
    // Neighbours of "k1" one bit away exist too, so a flipped key id often names a real key.
    fixture.keysets.update(
        ACME,
        keyset ->
            keyset
                .withKey(keyFrom(random, algorithm, "k3"))
                .withKey(keyFrom(random, algorithm, "j1"))
                .withKey(keyFrom(random, algorithm, "k0")));
    Map<String, Object> arguments = new HashMap<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      arguments.put(
          "a" + random.nextInt(100),
          random.nextBoolean() ? random.nextLong() : Long.toHexString(random.nextLong()));
    }
    ExpectedCall call =
        ExpectedCall.of(
            ACME,
            new UUID(random.nextLong(), random.nextLong()).toString(),
            TOOLS.get(random.nextInt(TOOLS.size())),
            arguments,
            recipient(random));
    GrantSigner signer =
        new GrantSigner(
            fixture.keysets,
            fixture.clock,
            new GrantFixture.CountingRandom(),
            Duration.ofSeconds(1 + random.nextInt(3600)));
    String packet = signer.sign(call, "policy-" + random.nextInt(1000)).packet();
    return new Case(fixture, packet, call);
  }

  /** Key material from the case's seed: cheap, and a failing case reproduces exactly. */
  private static GrantKey keyFrom(Random random, GrantAlgorithm algorithm, String keyId) {
    byte[] material = new byte[32];
    random.nextBytes(material);
    return switch (algorithm) {
      case HMAC_SHA256 -> HmacSha256Key.fromSecret(keyId, material);
      case ED25519 -> Ed25519SigningKey.fromSeed(keyId, material);
    };
  }

  private static Recipient recipient(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> Recipient.email("user" + random.nextInt(1000) + "@example.com");
      case 1 -> Recipient.domain("d" + random.nextInt(1000) + ".example");
      case 2 ->
          Recipient.iban(random.nextBoolean() ? "DE89370400440532013000" : "NL91ABNA0417164300");
      case 3 -> Recipient.hostOf("https://api" + random.nextInt(1000) + ".example.com/v1");
      default -> Recipient.none();
    };
  }

  @Test
  void everySignedPacketVerifies() {
    qt().withExamples(200)
        .forAll(longs().all())
        .checkAssert(seed -> {
          Case c = randomCase(seed);
          try {
            c.fixture().verifier.verify(c.packet(), c.call());
          } catch (GrantRejectedException e) {
            fail("a freshly signed packet was refused: " + e.reason());
          }
        });
  }

  @Test
  void refusesEverySingleBitChangeAnywhereInThePacket() {
    Map<RejectionReason, Integer> seen = new EnumMap<>(RejectionReason.class);
    int[] flips = {0};
    qt().withExamples(20)
        .forAll(longs().all())
        .checkAssert(seed -> {
          Case c = randomCase(seed);
          byte[] bytes = c.packet().getBytes(UTF_8);
          for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            String tampered = new String(flipped, UTF_8);
            try {
              c.fixture().verifier.verify(tampered, c.call());
              fail("bit " + bit + " flipped and the packet was still accepted: " + tampered);
            } catch (GrantRejectedException expected) {
              seen.merge(expected.reason(), 1, Integer::sum);
            }
            flips[0]++;
          }
          assertThat(c.fixture().nonces.size(c.call().tenant()))
              .as("no flipped packet burned a nonce")
              .isZero();
          try {
            c.fixture().verifier.verify(c.packet(), c.call());
          } catch (GrantRejectedException e) {
            fail("the untouched packet was refused after the flips: " + e.reason());
          }
        });
    assertThat(flips[0]).isGreaterThan(20 * 3000);
    // Flips reach the signature check, not only the parser.
    assertThat(seen)
        .containsKeys(
            RejectionReason.MALFORMED, RejectionReason.UNKNOWN_KEY, RejectionReason.BAD_SIGNATURE);
  }
}
