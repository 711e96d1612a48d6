package dev.sallyport.ledger.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import java.io.IOException;
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
 * The audit log with group commit over any {@link AuditStorage}: one writer thread takes every
 * pending append, writes the events and the tree tiles they changed in one transaction and commits
 * once, so concurrent callers share one disk sync. {@link #append} returns only after the
 * transaction holding its event has committed; any failure fails the appends of that batch.
 */
public class GroupCommitAuditLog implements AuditLog {
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

  private final AuditStorage storage;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Duration appendTimeout;
  private volatile boolean closed;

  /**
   * @param storage the backend; this log closes it
   * @param appendTimeout how long an append may wait for its commit before it is reported as failed
   */
  public GroupCommitAuditLog(AuditStorage storage, Duration appendTimeout) {
    this.storage = requireNonNull(storage, "storage is null");
    this.appendTimeout = requireNonNull(appendTimeout, "appendTimeout is null");
    AuditStorage.Writer writeSide;
    try {
      writeSide = storage.openWriter();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    this.writer =
        Thread.ofPlatform().name("audit-writer").daemon(true).unstarted(() -> writeLoop(writeSide));
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
  public List<AuditEvent> read(TenantId tenant, long from, int limit) {
    List<AuditEvent> events = new ArrayList<>();
    for (StoredRow row : storage.rows(tenant, from, limit)) {
      byte[] body =
          row.body()
              .orElseThrow(() ->
                  new LedgerStoreException(
                      "an event in the requested range was pruned by retention", null));
      events.add(AuditEvent.fromJson(parse(body)));
    }
    return events;
  }

  @Override
  public long size(TenantId tenant) {
    return storage.size(tenant);
  }

  @Override
  public boolean isWritable() {
    if (closed || !writer.isAlive()) {
      return false;
    }
    return storage.isValid();
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
    storage.close();
    failAll(new AuditUnavailableException("the audit log is closed", null));
  }

  private void writeLoop(AuditStorage.Writer writeSide) {
    Map<TenantId, TenantTree> trees = new HashMap<>();
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    try (writeSide) {
      while (!closed) {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(writeSide, batch, trees);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
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
   * failure the whole batch fails and the trees are reloaded from the storage, which is the truth
   * after a rollback.
   */
  private static void commit(
      AuditStorage.Writer writeSide, List<Pending> batch, Map<TenantId, TenantTree> trees) {
    long[] indices = new long[batch.size()];
    try {
      Set<TenantTree> changed = new LinkedHashSet<>();
      for (int i = 0; i < batch.size(); i++) {
        Pending pending = batch.get(i);
        TenantTree tree = trees.get(pending.tenant());
        if (tree == null) {
          tree = TenantTree.load(writeSide, pending.tenant());
          trees.put(pending.tenant(), tree);
        }
        long index = tree.append(pending.leaf());
        changed.add(tree);
        writeSide.insertEvent(
            pending.tenant(), index, pending.id(), pending.time(), pending.type(), pending.body());
        indices[i] = index;
      }
      for (TenantTree tree : changed) {
        writeSide.writeTiles(tree.tenant(), tree.takeChangedTiles());
      }
      writeSide.commit();
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).index().complete(indices[i]);
      }
    } catch (RuntimeException e) {
      writeSide.rollback();
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
    } catch (IOException e) {
      throw new LedgerStoreException("an audit event in the database is not valid JSON", e);
    }
  }
}
