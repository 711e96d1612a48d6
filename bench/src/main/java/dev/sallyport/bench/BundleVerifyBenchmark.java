package dev.sallyport.bench;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.bundle.BundleManifest;
import dev.sallyport.ledger.bundle.BundleTamperedException;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.BundleWriter;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.ledger.merkle.CompactRange;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code sallyport ledger verify}: one invocation is a {@link BundleVerifier#verify} of a bundle of
 * one million entries (typical decision events of about 400 bytes, none pruned, ten checkpoints),
 * with a pinned key; the score is entries per second. The bundle (about 430 MB) is written once to
 * {@code bench/target/ledger-verify/} (or {@code -Dsallyport.bench.data}) and reused; after the
 * first run it is read from the page cache, so this measures the verifier, not the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class BundleVerifyBenchmark {
  private static final int ENTRIES = 1_000_000;
  private static final int CHECKPOINT_EVERY = 100_000;
  private static final String ORIGIN = "bench.local/acme";
  private static final TenantId TENANT = TenantId.of("acme");

  private Path bundle;
  private BundleVerifier verifier;

  @Setup(Level.Trial)
  public void write() throws IOException {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    Ed25519NoteSigner signer = Ed25519NoteSigner.fromSeed(ORIGIN, seed);
    verifier = new BundleVerifier(Optional.of(signer.verifierKey()));
    Path folder = Path.of(System.getProperty("sallyport.bench.data", "bench/target/ledger-verify"));
    bundle = folder.resolve(ENTRIES + ".bundle");
    if (Files.exists(bundle)) {
      return;
    }
    long started = System.nanoTime();
    // First pass: the roots to sign; the header with the checkpoints comes before the entries.
    MerkleHasher hasher = new MerkleHasher();
    CompactRange range = new CompactRange();
    List<SignedCheckpoint> checkpoints = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      range.append(hasher.leafHash(event(i).canonicalBytes()));
      if ((i + 1) % CHECKPOINT_EVERY == 0) {
        checkpoints.add(SignedCheckpoint.sign(new Checkpoint(ORIGIN, i + 1, range.root()), signer));
      }
    }
    Files.createDirectories(folder);
    Path partial = folder.resolve(ENTRIES + ".bundle.partial");
    try (OutputStream out = Files.newOutputStream(partial)) {
      BundleWriter writer =
          new BundleWriter(
              out, new BundleManifest(ORIGIN, TENANT, signer.verifierKey()), checkpoints);
      for (int i = 0; i < ENTRIES; i++) {
        writer.appendEvent(event(i));
      }
      writer.finish();
    }
    Files.move(partial, bundle, StandardCopyOption.ATOMIC_MOVE);
    System.out.printf(
        "wrote %s (%,d bytes) in %.1f s%n",
        bundle, Files.size(bundle), (System.nanoTime() - started) / 1e9);
  }

  /** The same kind of decision event as {@link LedgerAppendBenchmark} appends. */
  private static AuditEvent event(long n) {
    return new AuditEvent(
        String.format("0190d0c0-0000-7000-8000-%012d", n),
        TENANT,
        Instant.ofEpochSecond(1_767_600_000L + n),
        "decision",
        "finance-bot",
        Optional.of("payments.pay_supplier"),
        Optional.of("9f2c4e1b7a0d3f5e8c6b2a1d0e9f8c7b6a5d4e3f2c1b0a9f8e7d6c5b4a3f2e1d"),
        "allow",
        "permitted",
        List.of("permit-supplier-payments", "grant.role.finance-agent"),
        Optional.of("01a2014e-c877-73b1-ad9b-73021ea4c36c"));
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public VerifiedBundle verify()
      throws IOException, LedgerFormatException, BundleTamperedException {
    VerifiedBundle verified = verifier.verify(bundle);
    if (verified.size() != ENTRIES) {
      throw new IllegalStateException("verified " + verified.size() + " entries");
    }
    return verified;
  }
}
