package dev.sallyport.grant;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.testing.TestingClock;
import java.util.Base64;

/**
 * The packet parser and the verifier, fed arbitrary bytes: they MUST only ever refuse with {@link
 * GrantRejectedException}; any other exception is a finding. What the parser accepts it MUST be
 * able to write back byte for byte (one spelling per grant). Plain {@code mvn test} replays the
 * seeds in {@code GrantPacketFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes one target.
 */
class GrantPacketFuzzTest {
  /** Both golden keys, under the ids the golden packets name and one more each. */
  private static final InMemoryGrantKeysets KEYSETS = new InMemoryGrantKeysets();

  static {
    KEYSETS.put(
        GrantKeyset.withPrimary(GrantFixture.ACME, GrantFixture.key(GrantAlgorithm.ED25519, "k1"))
            .withKey(GrantFixture.key(GrantAlgorithm.HMAC_SHA256, "k2")));
    KEYSETS.put(
        GrantKeyset.withPrimary(
            GrantFixture.GLOBEX, GrantFixture.key(GrantAlgorithm.HMAC_SHA256, "k1")));
  }

  @FuzzTest
  void verifierOnlyThrowsGrantRejectedException(FuzzedDataProvider data) {
    String packet = new String(data.consumeRemainingAsBytes(), UTF_8);
    ExpectedCall globexCall =
        ExpectedCall.of(
            GrantFixture.GLOBEX,
            GrantFixture.ACTION_ID,
            GrantFixture.CALL.tool(),
            GrantFixture.ARGUMENTS,
            GrantFixture.CALL.recipient());
    for (ExpectedCall call : new ExpectedCall[] {GrantFixture.CALL, globexCall}) {
      TestingClock clock = new TestingClock(GrantFixture.NOW);
      GrantVerifier verifier =
          new GrantVerifier(KEYSETS, new InMemoryNonceLedger(clock, 16), clock);
      try {
        verifier.verify(packet, call);
      } catch (GrantRejectedException expected) {
        assertThat(expected).hasMessage("invalid grant");
      }
    }
  }

  @FuzzTest
  void parserAcceptsOnlyWhatItWritesBack(FuzzedDataProvider data) {
    String packet = new String(data.consumeRemainingAsBytes(), UTF_8);
    try {
      GrantPacket.Parsed parsed = GrantPacket.parse(packet);
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String written =
          "sp-grant-v1."
              + parsed.grant.keyId()
              + "."
              + b64.encodeToString(GrantPacket.payload(parsed.grant))
              + "."
              + b64.encodeToString(parsed.signature);
      assertThat(written).isEqualTo(packet);
      assertThat(new String(parsed.packet, 0, parsed.signedLength, US_ASCII))
          .isEqualTo(packet.substring(0, packet.lastIndexOf('.')));
    } catch (GrantRejectedException expected) {
      // The declared outcome of hostile input.
    }
  }
}
