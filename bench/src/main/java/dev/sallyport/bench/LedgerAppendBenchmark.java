package dev.sallyport.bench;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends to the SQLite ledger: each operation is one {@link SqliteAuditLog#append}, which
 * returns only after the group-committed transaction holding the event and the Merkle tree tiles it
 * changed is on disk (WAL, synchronous=FULL). Concurrent writers share commits, so throughput is
 * measured at 1, 16 and 64 writers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class LedgerAppendBenchmark {
  private static final TenantId TENANT = TenantId.of("acme");

  /**
   * The events table: {@code rowid} as migration V9 leaves it, or {@code without-rowid} as it was
   * before (recreated after migrating, empty), to compare the two in one run.
   */
  @Param({"rowid", "without-rowid"})
  public String layout;

  private Path data;
  private SqliteAuditLog log;
  private final AtomicLong sequence = new AtomicLong();
  private long writtenBefore;

  /** What this process has passed to write() so far ({@code wchar} of /proc/self/io), or 0. */
  private static long bytesWritten() throws IOException {
    Path io = Path.of("/proc/self/io");
    if (!Files.isReadable(io)) {
      return 0;
    }
    for (String line : Files.readAllLines(io)) {
      if (line.startsWith("wchar:")) {
        return Long.parseLong(line.substring("wchar:".length()).trim());
      }
    }
    return 0;
  }

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    data = Files.createTempDirectory("sallyport-ledger-bench-");
    SqliteDatabase database = SqliteDatabase.open(data);
    if (layout.equals("without-rowid")) {
      try (Connection connection = database.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE audit_events");
        statement.execute(
            "CREATE TABLE audit_events (tenant TEXT NOT NULL, idx INTEGER NOT NULL,"
                + " id TEXT NOT NULL, time TEXT NOT NULL, type TEXT NOT NULL, body BLOB,"
                + " PRIMARY KEY (tenant, idx)) WITHOUT ROWID");
      }
    } else if (layout.equals("rowid-tiles")) {
      try (Connection connection = database.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE ledger_tiles");
        statement.execute(
            "CREATE TABLE ledger_tiles (tenant TEXT NOT NULL, level INTEGER NOT NULL,"
                + " idx INTEGER NOT NULL, hashes BLOB NOT NULL)");
        statement.execute(
            "CREATE UNIQUE INDEX ledger_tiles_by_id ON ledger_tiles (tenant, level, idx)");
      }
    } else if (!layout.equals("rowid")) {
      throw new IllegalArgumentException("layout " + layout);
    }
    log = new SqliteAuditLog(database, Duration.ofSeconds(30));
    writtenBefore = bytesWritten();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    log.close();
    // Bytes handed to write() per append (WAL frames, checkpoints into the database file): unlike
    // appends per second, this does not depend on how busy the disk and the cores are.
    long written = bytesWritten() - writtenBefore;
    if (written > 0 && sequence.get() > 0) {
      System.out.printf(
          "%n%s: %,d appends, %,d bytes written, %,.0f bytes per append%n",
          layout, sequence.get(), written, (double) written / sequence.get());
    }
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** A typical decision event: about 330 bytes of canonical JSON. */
  private AuditEvent next() {
    long n = sequence.incrementAndGet();
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
  @Threads(1)
  public long append1Writer() {
    return log.append(next());
  }

  @Benchmark
  @Threads(16)
  public long append16Writers() {
    return log.append(next());
  }

  @Benchmark
  @Threads(64)
  public long append64Writers() {
    return log.append(next());
  }
}
