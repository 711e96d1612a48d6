package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAndKeysTest {
  @TempDir Path temp;

  @Test
  void theDemoRunsEveryStepAsExpectedAndKeepsDataWhenAsked() throws Exception {
    Path quickstart = ExampleDeployments.repositoryRoot().resolve("examples/quickstart");
    Path data = temp.resolve("kept");
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = Main.run("demo", "--config", quickstart.toString(), "--data", data.toString());
    } finally {
      System.setOut(original);
    }

    String transcript = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(transcript).isZero();
    assertThat(transcript)
        .contains("deny [invariant.read_only_role]")
        .contains("allow [permit-reads")
        .contains("require_approval [invariant.tainted_session, payment-over-limit")
        .contains("untrusted and datamarked")
        .contains("dry_run [invariant.new_agent]")
        .contains("allow [permit-offboarding")
        .contains("is cancelled")
        .contains("payments.yaml:")
        .contains("Demo complete");
    assertThat(Files.exists(data.resolve("sallyport.db"))).isTrue();
    assertThat(Files.exists(quickstart.resolve("keys")))
        .as("the demo must not write into the example")
        .isFalse();
  }

  @Test
  void keysTokenMintsATokenThatTheDeploymentsKeysVerify() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = Main.run("keys", "token", "--config", config.toString(), "--agent", "finance-bot");
    } finally {
      System.setOut(original);
    }

    assertThat(exit).isZero();
    SignedJWT jwt = SignedJWT.parse(captured.toString(StandardCharsets.UTF_8).trim());
    ECKey key = (ECKey) JWKSet.load(config.resolve("keys/jwks.json").toFile()).getKeys().get(0);
    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("finance-bot");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("tenant")).isEqualTo("acme");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("principal_type")).isEqualTo("agent");
    assertThat(Files.getPosixFilePermissions(config.resolve("keys/dev-signing-key.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void keysTokenRefusesAnAgentNoTenantRegisters() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));

    assertThat(Main.run("keys", "token", "--config", config.toString(), "--agent", "rogue-bot"))
        .isEqualTo(2);
  }
}
