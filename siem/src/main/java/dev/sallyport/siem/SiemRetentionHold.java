package dev.sallyport.siem;

import dev.sallyport.config.SiemSinkSettings;
import dev.sallyport.ledger.store.LedgerStoreException;
import dev.sallyport.ledger.store.RetentionHold;
import dev.sallyport.model.TenantId;
import java.nio.file.Path;
import java.util.List;

/**
 * Holds back ledger retention for the SIEM export (docs/siem.md, "Retention"): for each tenant, the
 * lowest cursor across the configured sinks, read from their cursor files, so that no payload is
 * pruned before every sink has delivered it.
 *
 * <p>Fails closed: a sink without a cursor file (new, or its file deleted) starts at index 0 and
 * holds everything; a cursor file that cannot be read or trusted throws, and retention then prunes
 * nothing. The files only ever move forward, so a value read while an exporter saves is at worst
 * too low, never too high.
 */
public final class SiemRetentionHold implements RetentionHold {
  private final List<CursorFile> cursors;

  /**
   * @param stateFolder where the cursor files live ({@code DATA/siem})
   */
  public SiemRetentionHold(List<SiemSinkSettings> sinks, Path stateFolder) {
    this.cursors =
        sinks.stream()
            .map(sink -> new CursorFile(stateFolder.resolve(sink.name() + ".cursor")))
            .toList();
  }

  @Override
  public long heldFrom(TenantId tenant) {
    long lowest = Long.MAX_VALUE;
    for (CursorFile cursor : cursors) {
      try {
        lowest = Math.min(lowest, cursor.load().getOrDefault(tenant, 0L));
      } catch (CursorFileException e) {
        throw new LedgerStoreException(
            "cannot tell what the SIEM export still needs, so nothing is pruned: " + e.getMessage(),
            e);
      }
    }
    return lowest;
  }
}
