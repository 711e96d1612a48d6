package dev.sallyport.gateway.identity;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWKSet;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.policy.ConditionCompiler;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever the {@code Authorization} header values (one per line of the input), {@link
 * TokenAuthenticator#authenticate} returns {@link Identity.Unauthenticated} or a {@link
 * Identity.Failed} with one of its fixed reasons: never an exception, never a reason that echoes
 * input, and never {@link Identity.Authenticated}, which random bytes cannot earn. The keys are
 * loaded (a fixed public key whose private half signed the seeds), so inputs reach the signature
 * and claim checks. Seeds, validly signed but each with a defect, are in {@code
 * src/test/resources/dev/sallyport/gateway/identity/TokenAuthenticatorFuzzTestInputs/
 * authenticatesOrRefusesAnyHeader/}.
 *
 * <p>A real fuzzing run:
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**,com.nimbusds.**' ./mvnw -o -pl gateway test \
 *     -Dtest=TokenAuthenticatorFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class TokenAuthenticatorFuzzTest {
  /** The public half of the key that signed the seeds (the private half was not kept). */
  private static final String SEED_KEY =
      "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"fuzz-key\","
          + "\"x\":\"2284qWLjjAaDGgC6l25N3IKx9tWjFbY0AKXaIRZWBTk\","
          + "\"y\":\"Rg4xWIgg-HBYPbuJKIKW-HKvWEXCipPzqnG_4rIYjXw\"}";

  private static final Set<String> REASONS =
      Set.of(
          TokenAuthenticator.ONE_HEADER,
          TokenAuthenticator.TOO_LARGE,
          TokenAuthenticator.MALFORMED,
          TokenAuthenticator.ALGORITHM,
          TokenAuthenticator.TYPE,
          TokenAuthenticator.CRITICAL,
          TokenAuthenticator.ISSUER,
          TokenAuthenticator.UNKNOWN_KEY,
          TokenAuthenticator.SIGNATURE,
          TokenAuthenticator.NO_EXPIRY,
          TokenAuthenticator.EXPIRED,
          TokenAuthenticator.NOT_YET_VALID,
          TokenAuthenticator.NO_ISSUE_TIME,
          TokenAuthenticator.ISSUED_IN_FUTURE,
          TokenAuthenticator.AUDIENCE,
          TokenAuthenticator.NO_SUBJECT,
          TokenAuthenticator.CLAIM_TYPES,
          TokenAuthenticator.TENANT,
          TokenAuthenticator.NEITHER,
          TokenAuthenticator.BOTH,
          TokenAuthenticator.NO_ID,
          TokenAuthenticator.UNREGISTERED_AGENT,
          TokenAuthenticator.PERSON_NAMED_AS_AGENT,
          TokenAuthenticator.UNVERIFIABLE);

  @TempDir static Path folder;
  private static TokenAuthenticator authenticator;

  @BeforeAll
  static void loadOnce() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", folder.resolve("config"));
    Deployment deployment = new DeploymentLoader(new ConditionCompiler()).load(config);
    IssuerKeys keys =
        IssuerKeys.fixed(VerificationKeys.of(JWKSet.parse("{\"keys\":[" + SEED_KEY + "]}")));
    authenticator =
        new TokenAuthenticator(
            deployment,
            new IssuerKeyring(Map.of(deployment.identity().issuers().get(0).issuer(), keys)),
            new TestingClock(Instant.parse("2026-01-05T10:00:00Z")));
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void authenticatesOrRefusesAnyHeader(byte[] input) {
    List<String> headers = List.of(new String(input, ISO_8859_1).split("\n", -1));

    Identity identity = authenticator.authenticate(headers);

    switch (identity) {
      case Identity.Unauthenticated u -> {}
      case Identity.Failed f -> assertThat(REASONS).contains(f.reason());
      case Identity.Authenticated a -> throw new AssertionError("authenticated: " + a);
      case Identity.Unavailable u -> throw new AssertionError("fixed keys are never unavailable");
    }
  }
}
