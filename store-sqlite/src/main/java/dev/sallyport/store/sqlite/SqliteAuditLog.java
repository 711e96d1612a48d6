package dev.sallyport.store.sqlite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The audit log on SQLite with group commit: one writer thread takes every pending append, writes
 * them in one transaction and commits once, so concurrent callers share one disk sync. {@link
 * #append} returns only after the transaction holding its event has committed.
 */
public final class SqliteAuditLog implements AuditLog {
  private static final int MAX_BATCH = 1024;

  /**
   * An event ready to insert: serialised and hashed on the caller's thread, so that callers do that
   * work in parallel with each other and with the writer, and the one writer thread, which every
   * append waits for, does only the database work.
   */
  private record Pending(
      TenantId tenant,
      String id,
      String time,
      String type,
      byte[] body,
      Hash leaf,
      CompletableFuture<Long> index) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Connection reader;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Duration appendTimeout;
  private volatile boolean closed;

  /**
   * @param appendTimeout how long an append may wait for its commit before it is reported as failed
   */
  public SqliteAuditLog(SqliteDatabase database, Duration appendTimeout) {
    this.appendTimeout = appendTimeout;
    Connection writeConnection;
    try {
      this.reader = database.connect();
      writeConnection = database.connect();
      writeConnection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new StoreException("cannot open the audit log", e);
    }
    this.writer =
        Thread.ofPlatform()
            .name("audit-writer")
            .daemon(true)
            .unstarted(() -> writeLoop(writeConnection));
    this.writer.start();
  }

  @Override
  public long append(AuditEvent event) {
    if (closed) {
      throw new AuditUnavailableException("the audit log is closed", null);
    }
    byte[] body = event.canonicalBytes();
    Pending pending =
        new Pending(
            event.tenant(),
            event.id(),
            event.time().toString(),
            event.type(),
            body,
            new MerkleHasher().leafHash(body),
            new CompletableFuture<>());
    queue.add(pending);
    try {
      return pending.index().get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditUnavailableException("interrupted while waiting for the audit log", e);
    } catch (ExecutionException e) {
      throw new AuditUnavailableException("the audit log could not write the event", e.getCause());
    } catch (TimeoutException e) {
      throw new AuditUnavailableException("the audit log did not commit in time", e);
    }
  }

  @Override
  public synchronized List<AuditEvent> read(TenantId tenant, long from, int limit) {
    List<AuditEvent> events = new ArrayList<>();
    try (PreparedStatement select =
        reader.prepareStatement(
            "SELECT body FROM audit_events WHERE tenant = ? AND idx >= ? ORDER BY idx LIMIT ?")) {
      select.setString(1, tenant.value());
      select.setLong(2, from);
      select.setInt(3, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          byte[] body = rows.getBytes(1);
          if (body == null) {
            throw new StoreException(
                "an event in the requested range was pruned by retention", null);
          }
          events.add(AuditEvent.fromJson(parse(body)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit log", e);
    }
    return events;
  }

  @Override
  public synchronized long size(TenantId tenant) {
    try (PreparedStatement select =
        reader.prepareStatement(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_events WHERE tenant = ?")) {
      select.setString(1, tenant.value());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit log", e);
    }
  }

  @Override
  public boolean isWritable() {
    if (closed || !writer.isAlive()) {
      return false;
    }
    synchronized (this) {
      try {
        return reader.isValid(1);
      } catch (SQLException e) {
        return false;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    writer.interrupt();
    try {
      writer.join(appendTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      try {
        reader.close();
      } catch (SQLException e) {
        // Closing is best effort; every committed event is already durable.
      }
    }
    failAll(new AuditUnavailableException("the audit log is closed", null));
  }

  private void writeLoop(Connection connection) {
    Map<TenantId, TenantTree> trees = new HashMap<>();
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    try (connection;
        PreparedStatement insertEvent =
            connection.prepareStatement(
                "INSERT INTO audit_events (tenant, idx, id, time, type, body) VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement upsertTile = connection.prepareStatement(SqliteTiles.UPSERT)) {
      while (!closed) {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(connection, insertEvent, upsertTile, batch, trees);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      // The writer cannot continue: every waiting and future append fails, so nothing acts.
      closed = true;
    }
    for (Pending pending : batch) {
      pending
          .index()
          .completeExceptionally(new AuditUnavailableException("the audit log stopped", null));
    }
    failAll(new AuditUnavailableException("the audit log stopped", null));
  }

  /**
   * Writes one batch in one transaction: each event, and the tree tiles the batch changed (a
   * handful of rows, not one per node). Indices are handed out only after the commit; on any
   * failure the whole batch fails and the trees are reloaded from the database, which is the truth
   * after a rollback.
   */
  private static void commit(
      Connection connection,
      PreparedStatement insertEvent,
      PreparedStatement upsertTile,
      List<Pending> batch,
      Map<TenantId, TenantTree> trees) {
    long[] indices = new long[batch.size()];
    try {
      Set<TenantTree> changed = new LinkedHashSet<>();
      for (int i = 0; i < batch.size(); i++) {
        Pending pending = batch.get(i);
        TenantTree tree = trees.get(pending.tenant());
        if (tree == null) {
          tree = TenantTree.load(connection, pending.tenant());
          trees.put(pending.tenant(), tree);
        }
        long index = tree.append(pending.leaf());
        changed.add(tree);
        insertEvent.setString(1, pending.tenant().value());
        insertEvent.setLong(2, index);
        insertEvent.setString(3, pending.id());
        insertEvent.setString(4, pending.time());
        insertEvent.setString(5, pending.type());
        insertEvent.setBytes(6, pending.body());
        insertEvent.addBatch();
        indices[i] = index;
      }
      insertEvent.executeBatch();
      for (TenantTree tree : changed) {
        SqliteTiles.addBatch(upsertTile, tree.tenant(), tree.takeChangedTiles());
      }
      SqliteTiles.write(upsertTile);
      connection.commit();
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).index().complete(indices[i]);
      }
    } catch (SQLException | RuntimeException e) {
      try {
        insertEvent.clearBatch();
        upsertTile.clearBatch();
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      trees.clear();
      for (Pending pending : batch) {
        pending.index().completeExceptionally(e);
      }
    }
    batch.clear();
  }

  private void failAll(RuntimeException cause) {
    Pending pending;
    while ((pending = queue.poll()) != null) {
      pending.index().completeExceptionally(cause);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(byte[] body) {
    try {
      return JsonValues.immutableObject(JSON.readValue(body, Map.class));
    } catch (java.io.IOException e) {
      throw new StoreException("an audit event in the database is not valid JSON", e);
    }
  }
}
