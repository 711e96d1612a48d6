package dev.sallyport.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.gateway.identity.Identity;
import dev.sallyport.gateway.identity.IssuerKeyring;
import dev.sallyport.gateway.identity.IssuerKeys;
import dev.sallyport.gateway.identity.TokenAuthenticator;
import dev.sallyport.gateway.identity.VerificationKeys;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the identity stage costs per request with the issuer's keys cached: {@link
 * TokenAuthenticator#authenticate} on one valid agent token, from the {@code Authorization} header
 * to the principal (size and shape checks, JWS and claims parsing, the signature, the claim checks,
 * the tenant and the agent's registration). The key lookup is a cache hit, as for every request but
 * the first after a refresh; the network is never touched.
 *
 * <p>{@code valid} is the accepted path; {@code badSignature} a token whose signature does not
 * verify (the full cost an attacker can make each request pay).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenValidationBenchmark {
  private static final String ISSUER = "https://idp.bench.example";
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  @Param({"RS256", "ES256"})
  public String algorithm;

  private Path folder;
  private TokenAuthenticator authenticator;
  private List<String> valid;
  private List<String> badSignature;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    JWK key =
        algorithm.equals("RS256")
            ? new RSAKeyGenerator(2048).keyID("bench").generate()
            : new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
    folder = Files.createTempDirectory("sallyport-token-bench");
    writeDeployment(folder);
    Deployment deployment = new DeploymentLoader(new ConditionCompiler()).load(folder);
    IssuerKeys keys = IssuerKeys.fixed(VerificationKeys.of(new JWKSet(key.toPublicJWK())));
    authenticator =
        new TokenAuthenticator(
            deployment, new IssuerKeyring(Map.of(ISSUER, keys)), Clock.fixed(NOW, ZoneOffset.UTC));
    String token = sign(key);
    valid = List.of("Bearer " + token);
    String[] parts = token.split("\\.");
    char last = parts[2].charAt(10);
    String flipped = parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[2].substring(11);
    badSignature = List.of("Bearer " + parts[0] + "." + parts[1] + "." + flipped);
    if (!(authenticator.authenticate(valid) instanceof Identity.Authenticated)
        || !(authenticator.authenticate(badSignature) instanceof Identity.Failed)) {
      throw new IllegalStateException("the benchmark's tokens do not behave");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public Identity valid() {
    return authenticator.authenticate(valid);
  }

  @Benchmark
  public Identity badSignature() {
    return authenticator.authenticate(badSignature);
  }

  private String sign(JWK key) throws JOSEException {
    JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
    JWSSigner signer =
        key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
    // The size of a typical IdP access token: a dozen claims, a few groups.
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience("https://sallyport.bench.example")
            .subject("bench-agent")
            .issueTime(Date.from(NOW))
            .notBeforeTime(Date.from(NOW))
            .expirationTime(Date.from(NOW.plusSeconds(3600)))
            .jwtID("5f0c2c1e-6d0b-4a59-9a1e-0f3c0f1b7a11")
            .claim("client_id", "bench-agent")
            .claim("azp", "bench-agent")
            .claim("scope", "sallyport.act")
            .claim("tenant", "bench")
            .claim("principal_type", "agent")
            .claim("groups", List.of("g-finance", "g-it", "g-readers"))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID("bench").type(new JOSEObjectType("at+jwt")).build(),
            claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static void writeDeployment(Path root) throws IOException {
    Files.writeString(
        root.resolve("sallyport.yaml"),
        """
        identity:
          issuers:
            - issuer: %s
              audience: https://sallyport.bench.example
              jwks_url: https://idp.bench.example/jwks.json
              tenant_claim: tenant
        tenants:
          - bench
        """
            .formatted(ISSUER));
    Path tenant = root.resolve("tenants/bench");
    Files.createDirectories(tenant.resolve("policies"));
    Files.writeString(
        tenant.resolve("tenant.yaml"),
        """
        connectors:
          erp: {type: http, base_url: "http://127.0.0.1:9801/erp"}
        roles:
          reader: {tools: [erp.read]}
        agents:
          - id: bench-agent
            roles: [reader]
        """);
    Files.writeString(
        tenant.resolve("tools.yaml"),
        """
        tools:
          - name: erp.read
            connector: erp
            effect: read
            http: {method: GET, path: /read}
        """);
    Files.writeString(
        tenant.resolve("policies/rules.yaml"),
        """
        rules:
          - id: allow-reads
            effect: permit
            tools: [erp.read]
            reason: Reads are allowed.
        """);
  }
}
