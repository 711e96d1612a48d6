package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The process {@link CrashDurabilityTest} kills: appends events to the audit log in a data folder
 * from many threads, as fast as it can, and prints each acknowledged append as it returns; a
 * checkpointer signs the growing log meanwhile, as {@code serve} does.
 *
 * <p>Arguments: {@code DATA ROUND THREADS}. Output lines, each ending in {@code " ;"} so that a
 * line cut short by the kill is never taken for a whole one:
 *
 * <pre>
 * started ;                               before the database is opened
 * ack INDEX ROUND THREAD SEQUENCE ;       after append returned INDEX for event(ROUND, THREAD, SEQUENCE)
 * </pre>
 */
final class AppendUntilKilled {
  static final TenantId TENANT = TenantId.of("crash");

  /** How long the process lives if nobody kills it: it must never outlive a failed test. */
  private static final Duration LIFETIME = Duration.ofSeconds(60);

  private AppendUntilKilled() {}

  /** The event a writer appends; the test rebuilds it from an acknowledgement to compare bodies. */
  static AuditEvent event(int round, int thread, long sequence) {
    return new AuditEvent(
        String.format("crash-r%d-t%02d-%08d", round, thread, sequence),
        TENANT,
        Instant.parse("2026-01-05T10:00:00Z").plusMillis(sequence),
        "decision",
        "agent-" + thread,
        Optional.of("payments.pay_supplier"),
        Optional.of("cd".repeat(32)),
        sequence % 3 == 0 ? "deny" : "allow",
        "round " + round,
        List.of("rule-" + thread),
        Optional.of("action-" + round + "-" + thread + "-" + sequence));
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int round = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    print(out, "started ;");
    SqliteDatabase database = SqliteDatabase.open(data);
    SqliteAuditLog log = new SqliteAuditLog(database, Duration.ofSeconds(30));
    SqliteLedger ledger =
        new SqliteLedger(
            database,
            new LedgerSigningKeys(data, "sallyport.local", new SecureRandom()),
            Clock.systemUTC());
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread.ofPlatform()
          .daemon(true)
          .name("writer-" + thread)
          .start(() -> {
            for (long sequence = 0; ; sequence++) {
              long index = log.append(event(round, thread, sequence));
              print(out, "ack " + index + " " + round + " " + thread + " " + sequence + " ;");
            }
          });
    }
    Thread.ofPlatform()
        .daemon(true)
        .name("checkpointer")
        .start(() -> {
          while (true) {
            ledger.checkpoint(TENANT);
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
    Thread.sleep(LIFETIME.toMillis());
    System.exit(3);
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
