package dev.sallyport.bench;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.TenantId;
import java.util.List;

/**
 * Takes every event and keeps none: for benchmarks that measure a path without the audit log's
 * durable commit, to tell the two costs apart.
 */
final class NoAuditLog implements AuditLog {
  @Override
  public long append(AuditEvent event) {
    return 0;
  }

  @Override
  public List<AuditEvent> read(TenantId tenant, long from, int limit) {
    return List.of();
  }

  @Override
  public long size(TenantId tenant) {
    return 0;
  }

  @Override
  public boolean isWritable() {
    return true;
  }

  @Override
  public void close() {}
}
