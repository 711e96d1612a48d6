package dev.sallyport.bench;

import dev.sallyport.grant.Ed25519SigningKey;
import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantAlgorithm;
import dev.sallyport.grant.GrantKey;
import dev.sallyport.grant.GrantKeyset;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.grant.HmacSha256Key;
import dev.sallyport.grant.InMemoryGrantKeysets;
import dev.sallyport.grant.NonceLedger;
import dev.sallyport.grant.Recipient;
import dev.sallyport.model.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying one grant packet (issue #6), per algorithm. Verification runs every check
 * but the nonce, whose ledger is a no-op here: the SQLite nonce insert is part of {@link
 * ExecutorDispatchBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GrantBenchmark {
  private static final TenantId ACME = TenantId.of("acme");

  @Param({"HMAC_SHA256", "ED25519"})
  public GrantAlgorithm algorithm;

  private GrantSigner signer;
  private GrantVerifier verifier;
  private ExpectedCall call;
  private String packet;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    GrantKey key =
        algorithm == GrantAlgorithm.ED25519
            ? Ed25519SigningKey.generate("k1", random)
            : HmacSha256Key.generate("k1", random);
    InMemoryGrantKeysets keys = new InMemoryGrantKeysets();
    keys.put(GrantKeyset.withPrimary(ACME, key));
    NonceLedger noNonces = (tenant, nonce, expiresAt) -> {};
    signer = new GrantSigner(keys, Clock.systemUTC(), random);
    verifier = new GrantVerifier(keys, noNonces, Clock.systemUTC());
    call =
        ExpectedCall.of(
            ACME,
            "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b70",
            "payments.pay_supplier",
            Map.of("supplier_id", "S-1", "iban", "DE89370400440532013000", "amount", 120L),
            Recipient.hostOf("https://erp.acme.example/"));
    packet = signer.sign(call, "acme-7").packet();
  }

  @Benchmark
  public String sign() {
    return signer.sign(call, "acme-7").packet();
  }

  @Benchmark
  public boolean verify() throws Exception {
    verifier.verify(packet, call);
    return true;
  }
}
