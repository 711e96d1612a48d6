package dev.sallyport.grant;

import static dev.sallyport.grant.GrantFixture.ACME;
import static dev.sallyport.grant.GrantFixture.ACTION_ID;
import static dev.sallyport.grant.GrantFixture.ARGUMENTS;
import static dev.sallyport.grant.GrantFixture.CALL;
import static dev.sallyport.grant.GrantFixture.GLOBEX;
import static dev.sallyport.grant.GrantFixture.NOW;
import static dev.sallyport.grant.GrantFixture.POLICY_VERSION;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** One test per refusal, run with both algorithms where the algorithm could matter. */
class GrantVerifierTest {

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void acceptsAGrantForExactlyThisCallOnce(GrantAlgorithm algorithm) throws Exception {
    GrantFixture f = GrantFixture.with(algorithm);
    String packet = f.sign();

    f.verifier.verify(packet, CALL);

    assertThat(f.nonces.size(GrantFixture.ACME)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void refusesATamperedSignature(GrantAlgorithm algorithm) {
    GrantFixture f = GrantFixture.with(algorithm);
    String packet = f.sign();
    int signatureStart = packet.lastIndexOf('.') + 1;
    char first = packet.charAt(signatureStart);
    String tampered =
        packet.substring(0, signatureStart)
            + (first == 'A' ? 'B' : 'A')
            + packet.substring(signatureStart + 1);

    f.assertRejected(tampered, CALL, RejectionReason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void refusesAPayloadEditedAfterSigning(GrantAlgorithm algorithm) throws Exception {
    GrantFixture f = GrantFixture.with(algorithm);
    SignedGrant signed = f.signer.sign(CALL, POLICY_VERSION);
    Map<String, Object> other = new HashMap<>(ARGUMENTS);
    other.put("amount", 99_999);
    ExpectedCall edited = ExpectedCall.of(ACME, ACTION_ID, CALL.tool(), other, CALL.recipient());
    Grant original = signed.grant();
    Grant forged =
        new Grant(
            original.version(),
            original.keyId(),
            original.tenant(),
            original.actionId(),
            original.tool(),
            edited.argumentsDigest(),
            original.recipient(),
            original.policyVersion(),
            original.issuedAt(),
            original.expiresAt(),
            original.nonce());
    String forgedPacket = withSignatureOf(GrantPacket.encode(forged, otherKey(algorithm)), signed);

    f.assertRejected(forgedPacket, edited, RejectionReason.BAD_SIGNATURE);
    f.verifier.verify(signed.packet(), CALL); // and the real grant's nonce was not burned
  }

  @Test
  void refusesAnUnknownKey() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    f.keysets.put(
        GrantKeyset.withPrimary(ACME, HmacSha256Key.fromSecret("k2", GrantFixture.HMAC_SECRET)));

    f.assertRejected(packet, CALL, RejectionReason.UNKNOWN_KEY);
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void refusesARetiredKey(GrantAlgorithm algorithm) {
    GrantFixture f = GrantFixture.with(algorithm);
    String packet = f.sign();
    f.keysets.update(
        ACME,
        keyset ->
            keyset
                .withKey(GrantFixture.randomKey(algorithm, "k2", new SecureRandom()))
                .promote("k2")
                .retire("k1"));

    f.assertRejected(packet, CALL, RejectionReason.RETIRED_KEY);
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void refusesAGrantSignedWithAnotherTenantsKey(GrantAlgorithm algorithm) {
    GrantFixture f = GrantFixture.with(algorithm);
    GrantKey globexKey = GrantFixture.randomKey(algorithm, "globex-1", new SecureRandom());
    f.keysets.put(GrantKeyset.withPrimary(GLOBEX, globexKey));
    // Someone holding Globex's key writes a grant that claims to be Acme's.
    Grant claimsAcme = grantFor(f.signer.sign(CALL, POLICY_VERSION).grant(), "globex-1");

    f.assertRejected(GrantPacket.encode(claimsAcme, globexKey), CALL, RejectionReason.UNKNOWN_KEY);
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void refusesAnotherTenantsKeyEvenUnderTheSameKeyId(GrantAlgorithm algorithm) {
    GrantFixture f = GrantFixture.with(algorithm);
    GrantKey globexKey = GrantFixture.randomKey(algorithm, "k1", new SecureRandom());
    f.keysets.put(GrantKeyset.withPrimary(GLOBEX, globexKey));
    Grant claimsAcme = f.signer.sign(CALL, POLICY_VERSION).grant();

    f.assertRejected(
        GrantPacket.encode(claimsAcme, globexKey), CALL, RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void refusesAnAuthenticGrantOfAnotherTenant() {
    // One gatekeeper Ed25519 key registered for both tenants: the signed tenant still decides.
    GrantFixture f = GrantFixture.with(GrantAlgorithm.ED25519);
    f.keysets.put(GrantKeyset.withPrimary(GLOBEX, GrantFixture.key(GrantAlgorithm.ED25519, "k1")));
    ExpectedCall globexCall =
        ExpectedCall.of(GLOBEX, ACTION_ID, CALL.tool(), ARGUMENTS, CALL.recipient());
    String globexPacket = f.sign(globexCall);

    f.assertRejected(globexPacket, CALL, RejectionReason.WRONG_TENANT);
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void refusesAnExpiredGrant(GrantAlgorithm algorithm) {
    GrantFixture f = GrantFixture.with(algorithm);
    String packet = f.sign();
    f.clock.advance(Duration.ofMinutes(5));

    f.assertRejected(packet, CALL, RejectionReason.EXPIRED);
  }

  @Test
  void refusesAGrantIssuedInTheFuture() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    f.clock.set(NOW.minus(Duration.ofMinutes(1)));

    f.assertRejected(packet, CALL, RejectionReason.NOT_YET_VALID);
  }

  /** Issued at NOW, expires at NOW+60s, skew 5s: valid from NOW-5s until before NOW+65s. */
  @ParameterizedTest
  @CsvSource({
    "-5001, NOT_YET_VALID",
    "-5000, ACCEPTED",
    "0, ACCEPTED",
    "60000, ACCEPTED",
    "64999, ACCEPTED",
    "65000, EXPIRED",
    "65001, EXPIRED",
  })
  void honoursExpiryAndIssueTimeWithinTheAllowedSkew(long offsetMillis, String outcome)
      throws Exception {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    f.clock.set(NOW.plusMillis(offsetMillis));

    if (outcome.equals("ACCEPTED")) {
      f.verifier.verify(packet, CALL);
    } else {
      f.assertRejected(packet, CALL, RejectionReason.valueOf(outcome));
    }
  }

  @ParameterizedTest
  @EnumSource(GrantAlgorithm.class)
  void refusesAReplayedGrant(GrantAlgorithm algorithm) throws Exception {
    GrantFixture f = GrantFixture.with(algorithm);
    String packet = f.sign();
    f.verifier.verify(packet, CALL);

    f.assertRejected(packet, CALL, RejectionReason.REPLAYED);
  }

  @Test
  void refusesAGrantForAnotherTool() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    ExpectedCall refund =
        new ExpectedCall(
            ACME, ACTION_ID, "payments.refund", CALL.argumentsDigest(), CALL.recipient());

    f.assertRejected(packet, refund, RejectionReason.TOOL_MISMATCH);
  }

  @Test
  void refusesAGrantMintedForAnotherAction() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.ED25519);
    String packet = f.sign();
    ExpectedCall sameCallOtherAction =
        new ExpectedCall(
            ACME,
            "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b71",
            CALL.tool(),
            CALL.argumentsDigest(),
            CALL.recipient());

    f.assertRejected(packet, sameCallOtherAction, RejectionReason.ACTION_MISMATCH);
  }

  @Test
  void refusesArgumentsChangedAfterSigning() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    Map<String, Object> changed = new HashMap<>(ARGUMENTS);
    changed.put("amount", 1251);

    f.assertRejected(
        packet,
        ExpectedCall.of(ACME, ACTION_ID, CALL.tool(), changed, CALL.recipient()),
        RejectionReason.ARGUMENTS_MISMATCH);
  }

  @Test
  void refusesASwappedRecipient() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    ExpectedCall otherAccount =
        new ExpectedCall(
            ACME,
            ACTION_ID,
            CALL.tool(),
            CALL.argumentsDigest(),
            Recipient.iban("GB82WEST12345698765432"));

    f.assertRejected(packet, otherAccount, RejectionReason.RECIPIENT_MISMATCH);
  }

  @Test
  void refusesARecipientOfAnotherKindWithTheSameText() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    ExpectedCall toDomain =
        new ExpectedCall(
            ACME, ACTION_ID, CALL.tool(), CALL.argumentsDigest(), Recipient.domain("example.com"));
    String packet = f.sign(toDomain);
    ExpectedCall toHost =
        new ExpectedCall(
            ACME,
            ACTION_ID,
            CALL.tool(),
            CALL.argumentsDigest(),
            Recipient.hostOf("https://example.com/"));

    f.assertRejected(packet, toHost, RejectionReason.RECIPIENT_MISMATCH);
  }

  @Test
  void acceptsTheSameRecipientSpelledDifferently() throws Exception {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet =
        f.sign(
            new ExpectedCall(
                ACME,
                ACTION_ID,
                "mail.send",
                CALL.argumentsDigest(),
                Recipient.email("  Alice.Smith@Example.COM. ")));

    f.verifier.verify(
        packet,
        new ExpectedCall(
            ACME,
            ACTION_ID,
            "mail.send",
            CALL.argumentsDigest(),
            Recipient.email("Alice.Smith@example.com")));
  }

  @Test
  void refusesGarbageAsMalformed() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();

    f.assertRejected("", CALL, RejectionReason.MALFORMED);
    f.assertRejected("not a grant", CALL, RejectionReason.MALFORMED);
    f.assertRejected(packet + ".", CALL, RejectionReason.MALFORMED);
    f.assertRejected(packet + "A", CALL, RejectionReason.MALFORMED);
    f.assertRejected(" " + packet, CALL, RejectionReason.MALFORMED);
    f.assertRejected(
        packet.replace("sp-grant-v1", "sp-grant-v01"), CALL, RejectionReason.MALFORMED);
    f.assertRejected("x".repeat(GrantPacket.MAX_LENGTH + 1), CALL, RejectionReason.MALFORMED);
  }

  @Test
  void refusesASecondSpellingOfTheSameSignatureBytes() throws Exception {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    // 32 bytes take 43 base64url characters; the last one carries 2 unused bits.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(packet.charAt(packet.length() - 1));
    String respelled = packet.substring(0, packet.length() - 1) + alphabet.charAt(last ^ 1);
    assertThat(Base64.getUrlDecoder().decode(respelled.substring(respelled.lastIndexOf('.') + 1)))
        .isEqualTo(Base64.getUrlDecoder().decode(packet.substring(packet.lastIndexOf('.') + 1)));

    f.assertRejected(respelled, CALL, RejectionReason.MALFORMED);
    f.verifier.verify(packet, CALL);
  }

  @Test
  void signsAndVerifiesConcurrentlyEachGrantExactlyOnce() throws Exception {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    int threads = 4;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(() -> {
              int accepted = 0;
              for (int i = 0; i < perThread; i++) {
                String packet = f.sign();
                f.verifier.verify(packet, CALL);
                accepted++;
                try {
                  f.verifier.verify(packet, CALL);
                  return -1;
                } catch (GrantRejectedException e) {
                  assertThat(e.reason()).isEqualTo(RejectionReason.REPLAYED);
                }
              }
              return accepted;
            }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(perThread);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.nonces.size(GrantFixture.ACME)).isEqualTo(threads * perThread);
  }

  @Test
  void refusesAnotherVersion() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();

    f.assertRejected(
        packet.replace("sp-grant-v1.", "sp-grant-v2."), CALL, RejectionReason.UNSUPPORTED_VERSION);
    f.assertRejected("sp-grant-v2", CALL, RejectionReason.UNSUPPORTED_VERSION);
  }

  @Test
  void refusesAnAuthenticPayloadThatIsNotCanonical() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    GrantKey key = GrantFixture.key(GrantAlgorithm.HMAC_SHA256, "k1");
    Grant grant = f.signer.sign(CALL, POLICY_VERSION).grant();
    String payload = new String(GrantPacket.payload(grant), US_ASCII);
    // Correctly signed, but spelled with white space and an unnormalised recipient.
    for (String variant :
        new String[] {
          payload.replace(",", ", "),
          payload.replace("iban:DE89370400440532013000", "iban:de89370400440532013000"),
          payload.replace("\"tool\"", "\"tool\":\"x\",\"tool\""),
          payload.replace("}", ",\"extra\":\"1\"}"),
        }) {
      f.assertRejected(signRaw(variant, key), CALL, RejectionReason.MALFORMED);
    }
  }

  @Test
  void consumesTheNonceOnlyAfterEveryOtherCheckPassed() throws Exception {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.ED25519);
    String packet = f.sign();
    ExpectedCall otherRecipient =
        new ExpectedCall(ACME, ACTION_ID, CALL.tool(), CALL.argumentsDigest(), Recipient.none());

    f.assertRejected(packet, otherRecipient, RejectionReason.RECIPIENT_MISMATCH);
    assertThat(f.nonces.size(GrantFixture.ACME)).isZero();
    f.verifier.verify(packet, CALL);
  }

  @Test
  void failsClosedWhenTheNonceLedgerFails() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    NonceLedger down =
        (tenant, nonce, expiresAt) -> {
          throw new IllegalStateException("database is down");
        };
    GrantVerifier verifier = new GrantVerifier(f.keysets, down, f.clock);

    assertThatThrownBy(() -> verifier.verify(packet, CALL))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void passesTheNonceLedgerTheInstantFromWhichTheGrantIsRefused() throws Exception {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    SignedGrant signed = f.signer.sign(CALL, POLICY_VERSION);
    Instant[] recorded = new Instant[1];
    GrantVerifier verifier =
        new GrantVerifier(
            f.keysets, (tenant, nonce, expiresAt) -> recorded[0] = expiresAt, f.clock);

    verifier.verify(signed.packet(), CALL);

    assertThat(recorded[0]).isEqualTo(signed.grant().expiresAt().plus(GrantVerifier.DEFAULT_SKEW));
  }

  @Test
  void anExecutorHoldingOnlyPublicKeysVerifiesButCannotSign() throws Exception {
    GrantFixture gatekeeper = GrantFixture.with(GrantAlgorithm.ED25519);
    String packet = gatekeeper.sign();
    GrantFixture executor = new GrantFixture();
    executor.keysets.put(gatekeeper.keysets.forTenant(ACME).withoutSecrets());

    executor.verifier.verify(packet, CALL);
    assertThatThrownBy(() -> executor.sign()).isInstanceOf(IllegalStateException.class);
    assertThat(executor.keysets.forTenant(ACME).primary().orElseThrow())
        .isInstanceOf(Ed25519VerifyingKey.class);
  }

  @Test
  void anExecutorWithoutTheSharedSecretRefusesHmacGrants() {
    GrantFixture gatekeeper = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = gatekeeper.sign();
    GrantFixture executor = new GrantFixture();
    executor.keysets.put(gatekeeper.keysets.forTenant(ACME).withoutSecrets());

    executor.assertRejected(packet, CALL, RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void refusesEverythingForATenantWithoutKeys() {
    GrantFixture f = GrantFixture.with(GrantAlgorithm.HMAC_SHA256);
    String packet = f.sign();
    ExpectedCall globexCall =
        ExpectedCall.of(GLOBEX, ACTION_ID, CALL.tool(), ARGUMENTS, CALL.recipient());

    f.assertRejected(packet, globexCall, RejectionReason.UNKNOWN_KEY);
    assertThatThrownBy(() -> f.sign(globexCall)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsASkewBeyondTheBound() {
    GrantFixture f = new GrantFixture();
    assertThatThrownBy(
            () -> new GrantVerifier(f.keysets, f.nonces, f.clock, Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> new GrantVerifier(f.keysets, f.nonces, f.clock, Duration.ZERO))
        .doesNotThrowAnyException();
  }

  private static GrantKey otherKey(GrantAlgorithm algorithm) {
    return GrantFixture.randomKey(algorithm, "k1", new SecureRandom());
  }

  /** {@code packet} with its signature replaced by the one of {@code signed}. */
  private static String withSignatureOf(String packet, SignedGrant signed) {
    String real = signed.packet();
    return packet.substring(0, packet.lastIndexOf('.')) + real.substring(real.lastIndexOf('.'));
  }

  private static Grant grantFor(Grant grant, String keyId) {
    return new Grant(
        grant.version(),
        keyId,
        grant.tenant(),
        grant.actionId(),
        grant.tool(),
        grant.argumentsDigest(),
        grant.recipient(),
        grant.policyVersion(),
        grant.issuedAt(),
        grant.expiresAt(),
        grant.nonce());
  }

  /** A packet around an arbitrary payload, correctly signed with {@code key}. */
  static String signRaw(String payload, GrantKey key) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signed =
        "sp-grant-v1." + key.keyId() + "." + b64.encodeToString(payload.getBytes(US_ASCII));
    byte[] input = signed.getBytes(US_ASCII);
    return signed + "." + b64.encodeToString(key.sign(input, 0, input.length));
  }
}
