package dev.sallyport.ledger.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Retention over any {@link RetentionStorage}: removes the payload (the body) of old events while
 * their rows, leaf hashes, tree tiles and checkpoints stay, so every later proof, receipt and
 * export still verifies (docs/ledger.md, "Retention").
 *
 * <p>What {@link #prune} guarantees, and callers rely on:
 *
 * <ul>
 *   <li>It signs a checkpoint first and MUST NOT remove the body of an entry that no signed
 *       checkpoint covers: a removed body can then never change a root nobody has signed.
 *   <li>It MUST NOT remove the body of an entry that the {@link RetentionHold} still holds (a SIEM
 *       sink has not exported it yet), nor of any later one.
 *   <li>It MUST NOT remove the body of an event whose own time (read from the body, after the body
 *       was checked against its leaf hash) is not strictly before the cut-off. It goes in index
 *       order and stops at the first such event, so the pruned part of a log is always a prefix.
 *   <li>It MUST NOT remove a body that does not hash to its recorded leaf: retention never launders
 *       an edited entry into an innocent-looking pruned one.
 *   <li>It records a {@code ledger.pruned} event through the tenant's {@link AuditLog} before it
 *       removes anything; when that append fails, nothing is removed.
 *   <li>It removes bodies in transactions of at most {@code batchSize} entries, each together with
 *       the tenant's retention mark, so a crash or a database error leaves every batch either
 *       wholly done or wholly undone; the next run continues where the mark says.
 * </ul>
 */
public class Retention implements AutoCloseable {
  /** The type of the event that records a pruning run. */
  public static final String EVENT_TYPE = "ledger.pruned";

  /**
   * Entries per transaction: short enough that appends waiting for the write lock barely notice.
   */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RetentionStorage storage;
  private final Ledger ledger;
  private final AuditLog audit;
  private final Clock clock;
  private final RetentionHold hold;
  private final TimeOrderedIds ids;
  private final int batchSize;
  private final MerkleHasher hasher = new MerkleHasher();

  /**
   * @param storage where bodies are removed; this retention closes it
   * @param ledger signs the checkpoint that must cover what is pruned, and reads the entries
   * @param audit where the {@code ledger.pruned} event goes: the log the gateway appends to
   * @param clock the time of the {@code ledger.pruned} event
   * @param hold entries still needed elsewhere, never pruned
   */
  public Retention(
      RetentionStorage storage,
      Ledger ledger,
      AuditLog audit,
      Clock clock,
      RetentionHold hold,
      int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    this.storage = requireNonNull(storage, "storage is null");
    this.ledger = requireNonNull(ledger, "ledger is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.hold = requireNonNull(hold, "hold is null");
    this.ids = new TimeOrderedIds(clock, new SecureRandom());
    this.batchSize = batchSize;
  }

  /**
   * What one run removed from one tenant's log.
   *
   * @param first the lowest index whose body this run removed
   * @param last the highest index of the pruned range (entries in between that had no body already
   *     stay without one)
   * @param count how many bodies this run removed
   * @param eventIndex where the {@code ledger.pruned} event recording the run stands in the log
   */
  public record Pruned(
      TenantId tenant, Instant cutoff, long first, long last, long count, long eventIndex) {
    public Pruned {
      requireNonNull(tenant, "tenant is null");
      requireNonNull(cutoff, "cutoff is null");
      if (first < 0
          || last < first
          || count < 1
          || count > last - first + 1
          || eventIndex <= last) {
        throw new IllegalArgumentException("not a pruned range: " + first + ".." + last);
      }
    }
  }

  /**
   * Removes the bodies of the tenant's oldest events whose time is before {@code cutoff}, within
   * the latest signed checkpoint (signed now if the log grew) and below what the hold keeps.
   * Returns empty when there was nothing to remove.
   *
   * @throws LedgerStoreException when the storage fails (bodies of the failing batch are kept),
   *     when a body does not match its leaf hash, or when the tree cannot be checkpointed
   *     consistently
   * @throws LedgerDamagedException when entries are missing from the tree
   * @throws dev.sallyport.ledger.AuditUnavailableException when the {@code ledger.pruned} event
   *     cannot be recorded; nothing was removed then
   */
  public synchronized Optional<Pruned> prune(TenantId tenant, Instant cutoff) {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(cutoff, "cutoff is null");
    Optional<SignedCheckpoint> checkpoint = ledger.checkpoint(tenant);
    if (checkpoint.isEmpty()) {
      return Optional.empty();
    }
    long held = hold.heldFrom(tenant);
    if (held < 0) {
      throw new LedgerStoreException(
          "the retention hold of tenant " + tenant + " is negative (" + held + ")", null);
    }
    long covered = Math.min(checkpoint.get().checkpoint().size(), held);
    Range range = plan(tenant, cutoff, storage.prunedBelow(tenant), covered);
    if (range.count() == 0) {
      return Optional.empty();
    }
    // Recorded before anything is removed: a removal is never unrecorded. Should the removal then
    // fail, the bodies stay, and the next run removes them and records that run too.
    long eventIndex =
        audit.append(
            new AuditEvent(
                ids.next(),
                tenant,
                clock.instant(),
                EVENT_TYPE,
                "system",
                Optional.empty(),
                Optional.empty(),
                "pruned",
                "cutoff:"
                    + cutoff
                    + " range:"
                    + range.first()
                    + "-"
                    + (range.end() - 1)
                    + " count:"
                    + range.count(),
                List.of(),
                Optional.empty()));
    for (long from = range.first(); from < range.end(); from += batchSize) {
      if (Thread.currentThread().isInterrupted()) {
        throw new LedgerStoreException(
            "retention of tenant "
                + tenant
                + " interrupted: bodies from index "
                + from
                + " on are kept until the next run",
            null);
      }
      long to = Math.min(range.end(), from + batchSize);
      try {
        storage.removeBodies(tenant, from, to);
      } catch (RuntimeException e) {
        throw new LedgerStoreException(
            "cannot remove the bodies of entries "
                + from
                + " to "
                + (to - 1)
                + " of tenant "
                + tenant
                + "; they are kept",
            e);
      }
    }
    return Optional.of(
        new Pruned(tenant, cutoff, range.first(), range.end() - 1, range.count(), eventIndex));
  }

  /** The entries {@code [first, end)} to prune, {@code count} of which still have a body. */
  private record Range(long first, long end, long count) {}

  /**
   * Reads forward from the retention mark to the first entry that must stay: one not yet covered by
   * the checkpoint or held, or one whose time is not before the cut-off. Reads only.
   */
  private Range plan(TenantId tenant, Instant cutoff, long mark, long covered) {
    long first = -1;
    long end = mark;
    long count = 0;
    for (long page = mark; page < covered; page += batchSize) {
      long pageEnd = Math.min(covered, page + batchSize);
      long expected = page;
      for (LedgerReader.Entry entry : ledger.entries(tenant, page, pageEnd)) {
        if (entry.index() != expected) {
          throw new LedgerDamagedException(
              expected, "entry " + expected + " of tenant " + tenant + " has no leaf in the tree");
        }
        expected++;
        if (entry.canonicalJson().isEmpty()) {
          // Already without a body: an earlier run got this far, or the row is gone (which an
          // export names). Either way nothing here to remove or to check.
          end = entry.index() + 1;
          continue;
        }
        byte[] body = entry.canonicalJson().get().getBytes(StandardCharsets.UTF_8);
        if (!hasher.leafHash(body).equals(entry.leafHash())) {
          throw new LedgerStoreException(
              "entry "
                  + entry.index()
                  + " of tenant "
                  + tenant
                  + " does not match its leaf hash; refusing to prune it (export the ledger to"
                  + " see the damage)",
              null);
        }
        if (!eventTime(tenant, entry.index(), body).isBefore(cutoff)) {
          return new Range(first < 0 ? end : first, end, count);
        }
        if (first < 0) {
          first = entry.index();
        }
        count++;
        end = entry.index() + 1;
      }
      if (expected != pageEnd) {
        throw new LedgerDamagedException(
            expected, "entry " + expected + " of tenant " + tenant + " has no leaf in the tree");
      }
    }
    return new Range(first < 0 ? end : first, end, count);
  }

  private static Instant eventTime(TenantId tenant, long index, byte[] body) {
    try {
      JsonNode time = JSON.readTree(body).get("time");
      if (time == null || !time.isTextual()) {
        throw new LedgerStoreException(
            "entry " + index + " of tenant " + tenant + " has no time; refusing to prune it", null);
      }
      return Instant.parse(time.textValue());
    } catch (IOException | DateTimeParseException e) {
      throw new LedgerStoreException(
          "entry " + index + " of tenant " + tenant + " has no readable time; refusing to prune it",
          e);
    }
  }

  @Override
  public synchronized void close() {
    storage.close();
  }
}
