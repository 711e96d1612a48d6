package dev.sallyport.siem;

import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.model.TenantId;
import java.util.List;

/**
 * What an exporter reads of the ledger: sizes and entries, nothing else. Implementations MUST be
 * read-only and MUST NOT share a connection or a lock with the audit writer, so that a slow export
 * can never hold up an append.
 */
public interface LedgerSource {
  /** Number of entries in the tenant's log. */
  long size(TenantId tenant);

  /** Entries {@code [start, end)} in index order; a pruned entry has no event. */
  List<LedgerReader.Entry> entries(TenantId tenant, long start, long end);
}
