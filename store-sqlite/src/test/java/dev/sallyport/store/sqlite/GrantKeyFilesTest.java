package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantAlgorithm;
import dev.sallyport.grant.GrantKeyset;
import dev.sallyport.grant.GrantRejectedException;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.grant.InMemoryNonceLedger;
import dev.sallyport.grant.KeyStatus;
import dev.sallyport.grant.Recipient;
import dev.sallyport.grant.RejectionReason;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grant keys in the data folder: created once, private, and enough for a verifying executor. */
class GrantKeyFilesTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final ExpectedCall CALL =
      ExpectedCall.of(
          ACME,
          "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b70",
          "mail.send",
          Map.of("to", "a@example.com"),
          Recipient.email("a@example.com"));

  @TempDir Path data;
  final TestingClock clock = new TestingClock(Instant.parse("2026-03-01T12:00:00Z"));

  @Test
  void createsAPrivateEd25519SeedAndAPublicFileOnFirstUseAndKeepsThem() throws Exception {
    GrantKeyset first =
        GrantKeyFiles.signing(data, GrantAlgorithm.ED25519, new SecureRandom()).forTenant(ACME);

    Path seed = data.resolve("grant-keys/acme.ed25519");
    assertThat(Files.size(seed)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seed)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(data.resolve("grant-keys/acme.ed25519.pub")).strip()).hasSize(64);
    String keyId = first.primary().orElseThrow().keyId();
    assertThat(keyId).matches("ed-[0-9a-f]{16}");

    GrantKeyset again =
        GrantKeyFiles.signing(data, GrantAlgorithm.ED25519, new SecureRandom()).forTenant(ACME);
    assertThat(again.primary().orElseThrow().keyId()).isEqualTo(keyId);
  }

  @Test
  void anExecutorWithThePublicFileAloneVerifiesWhatTheGatewaySigned() throws Exception {
    GrantKeyFiles gateway = GrantKeyFiles.signing(data, GrantAlgorithm.ED25519, new SecureRandom());
    String packet = new GrantSigner(gateway, clock, new SecureRandom()).sign(CALL, "v1").packet();
    Path executorData = Files.createDirectories(data.resolve("executor/grant-keys"));
    Files.copy(
        data.resolve("grant-keys/acme.ed25519.pub"), executorData.resolve("acme.ed25519.pub"));

    GrantKeyFiles executor =
        GrantKeyFiles.verifying(data.resolve("executor"), GrantAlgorithm.ED25519);
    GrantKeyset keyset = executor.forTenant(ACME);

    assertThat(keyset.primary()).isEmpty();
    assertThat(keyset.status(gateway.forTenant(ACME).primary().orElseThrow().keyId()))
        .hasValue(KeyStatus.ENABLED);
    assertThatCode(() ->
            new GrantVerifier(executor, new InMemoryNonceLedger(clock, 10), clock)
                .verify(packet, CALL))
        .doesNotThrowAnyException();
  }

  @Test
  void anExecutorWithoutTheKeyFileRefusesEveryGrant() throws Exception {
    GrantKeyFiles gateway = GrantKeyFiles.signing(data, GrantAlgorithm.ED25519, new SecureRandom());
    String packet = new GrantSigner(gateway, clock, new SecureRandom()).sign(CALL, "v1").packet();
    GrantKeyFiles executor =
        GrantKeyFiles.verifying(data.resolve("elsewhere"), GrantAlgorithm.ED25519);

    GrantRejectedException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            GrantRejectedException.class,
            () ->
                new GrantVerifier(executor, new InMemoryNonceLedger(clock, 10), clock)
                    .verify(packet, CALL));
    assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY);
    assertThat(Files.exists(data.resolve("elsewhere/grant-keys"))).isFalse();
  }

  @Test
  void anHmacSecretIsSharedBetweenSignerAndVerifier() throws Exception {
    GrantKeyFiles gateway =
        GrantKeyFiles.signing(data, GrantAlgorithm.HMAC_SHA256, new SecureRandom());
    String packet = new GrantSigner(gateway, clock, new SecureRandom()).sign(CALL, "v1").packet();

    GrantKeyFiles executor = GrantKeyFiles.verifying(data, GrantAlgorithm.HMAC_SHA256);

    assertThat(gateway.forTenant(ACME).primary().orElseThrow().keyId()).matches("hs-[0-9a-f]{16}");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("grant-keys/acme.hmac"))))
        .isEqualTo("rw-------");
    assertThatCode(() ->
            new GrantVerifier(executor, new InMemoryNonceLedger(clock, 10), clock)
                .verify(packet, CALL))
        .doesNotThrowAnyException();
  }
}
