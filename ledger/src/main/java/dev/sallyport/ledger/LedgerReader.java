package dev.sallyport.ledger;

import dev.sallyport.ledger.merkle.ConsistencyProof;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * What auditors may read of a tenant's ledger: checkpoints, entries and proofs. Every method takes
 * the tenant; implementations never answer across tenants.
 */
public interface LedgerReader {
  /** The latest signed checkpoint, or empty while the log has none. */
  Optional<SignedCheckpoint> latestCheckpoint(TenantId tenant);

  /** Entries {@code [start, end)}, in index order; a pruned entry has no event. */
  List<Entry> entries(TenantId tenant, long start, long end);

  /**
   * @throws IllegalArgumentException when index or size are out of range
   */
  InclusionProof inclusion(TenantId tenant, long index, long size);

  /**
   * @throws IllegalArgumentException when the sizes are out of range
   */
  ConsistencyProof consistency(TenantId tenant, long from, long to);

  /**
   * One entry of a log.
   *
   * @param index its position
   * @param leafHash the leaf hash recorded when it was appended
   * @param canonicalJson the event's RFC 8785 bytes as text, or empty when retention pruned it
   */
  record Entry(long index, Hash leafHash, Optional<String> canonicalJson) {}
}
