package dev.sallyport.siem;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.testing.TestingClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real embedded ledger in a temporary folder: events go in through {@link SqliteAuditLog}
 * (group committed, durable) and come out through a separate {@link SqliteLedger}, each on its own
 * connection, as in the server.
 */
final class TestLedger implements AutoCloseable {
  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");

  private final SqliteDatabase database;
  private final SqliteAuditLog log;
  private final SqliteLedger reader;
  private final AtomicInteger sequence = new AtomicInteger();

  TestLedger(Path data) {
    this.database = SqliteDatabase.open(data);
    this.log = new SqliteAuditLog(database, Duration.ofSeconds(10));
    this.reader =
        new SqliteLedger(
            database,
            new LedgerSigningKeys(data, "sallyport.local", new SecureRandom()),
            new TestingClock(Instant.parse("2026-03-01T09:00:00Z")));
  }

  /** The exporter's view: sizes and entries through the reader's own connection. */
  LedgerSource source() {
    return new LedgerSource() {
      @Override
      public long size(TenantId tenant) {
        return reader.size(tenant);
      }

      @Override
      public List<LedgerReader.Entry> entries(TenantId tenant, long start, long end) {
        return reader.entries(tenant, start, end);
      }
    };
  }

  static AuditEvent event(TenantId tenant, int n) {
    return new AuditEvent(
        "0197a5c2-0000-7000-8000-" + String.format("%012d", n),
        tenant,
        Instant.parse("2026-03-01T09:00:00Z").plusMillis(n),
        "decision",
        "agent-" + n,
        Optional.of("payments.pay_supplier"),
        Optional.of("ab".repeat(32)),
        n % 3 == 0 ? "deny" : "allow",
        "policy.permit",
        List.of("rule-1"),
        Optional.empty());
  }

  /** Appends one event and returns its id. */
  String append(TenantId tenant) {
    AuditEvent event = event(tenant, sequence.incrementAndGet());
    log.append(event);
    return event.id();
  }

  /**
   * Appends {@code count} events from many threads at once (so they share commits) and returns
   * their ids; every append has returned, so every event is durable.
   */
  List<String> appendMany(TenantId tenant, int count) throws Exception {
    List<Future<String>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        futures.add(threads.submit(() -> append(tenant)));
      }
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> future : futures) {
      ids.add(future.get());
    }
    return ids;
  }

  long size(TenantId tenant) {
    return reader.size(tenant);
  }

  /** What retention does: the body goes, index and leaf hash stay. */
  void prune(TenantId tenant, long index) throws SQLException {
    update("UPDATE audit_events SET body = NULL WHERE tenant = ? AND idx = ?", tenant, index, null);
  }

  /** What an insider with database access does: rewrite an event in place. */
  void rewrite(TenantId tenant, long index, String body) throws SQLException {
    update(
        "UPDATE audit_events SET body = ? WHERE tenant = ? AND idx = ?",
        tenant,
        index,
        body.getBytes(StandardCharsets.UTF_8));
  }

  private void update(String sql, TenantId tenant, long index, byte[] body) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      int parameter = 1;
      if (body != null) {
        statement.setBytes(parameter++, body);
      }
      statement.setString(parameter++, tenant.value());
      statement.setLong(parameter, index);
      if (statement.executeUpdate() != 1) {
        throw new IllegalStateException("no entry " + index + " of " + tenant);
      }
    }
  }

  @Override
  public void close() {
    reader.close();
    log.close();
  }
}
