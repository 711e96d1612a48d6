package dev.sallyport.bench;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.merkle.InvalidProofException;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.LargeTreeFixture;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Inclusion proofs from a ten-million-leaf tenant tree in SQLite: each operation is one {@link
 * SqliteLedger#inclusion} for a random leaf against the whole tree, as {@code GET
 * /v1/ledger/proof/inclusion} and receipts ask for it (the tree size, then the tiles of the path in
 * one query, then the hashes recomputed inside each tile).
 *
 * <p>The tree is built once into {@code bench/target/ledger-proof/LEAVES} (or the folder named by
 * {@code -Dsallyport.bench.data}) with the audit writer's tile code and reused by later runs; see
 * docs/benchmarks.md for how long that takes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class LedgerProofBenchmark {
  private static final TenantId TENANT = TenantId.of("acme");

  @Param("10000000")
  public long leaves;

  /**
   * Full upper tiles the ledger keeps in memory: {@link SqliteLedger}'s default, or 0 to compare
   * with every tile read from SQLite.
   */
  @Param({"50000", "0"})
  public int cachedTiles;

  private SqliteLedger ledger;
  private final SplittableRandom random = new SplittableRandom(42);

  @Setup(Level.Trial)
  public void open() throws SQLException, InvalidProofException {
    Path folder =
        Path.of(System.getProperty("sallyport.bench.data", "bench/target/ledger-proof"))
            .resolve(Long.toString(leaves));
    SqliteDatabase database = LargeTreeFixture.openOrBuild(folder, TENANT, leaves, System.out);
    ledger =
        new SqliteLedger(
            database,
            new LedgerSigningKeys(folder, "bench.local", new SecureRandom()),
            Clock.systemUTC(),
            cachedTiles);
    // Refuse to measure a tree that does not prove what it should.
    Hash root = ledger.checkpoint(TENANT).orElseThrow().checkpoint().root();
    MerkleHasher hasher = new MerkleHasher();
    for (long index : new long[] {0, leaves / 2, leaves - 1}) {
      ledger.inclusion(TENANT, index, leaves).verify(LargeTreeFixture.leaf(hasher, index), root);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    ledger.close();
  }

  @Benchmark
  public InclusionProof inclusion() {
    return ledger.inclusion(TENANT, random.nextLong(leaves), leaves);
  }
}
