package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.store.RetentionHold;
import dev.sallyport.model.TenantId;
import dev.sallyport.siem.LedgerSource;
import dev.sallyport.siem.SiemExporters;
import dev.sallyport.siem.SiemRetentionHold;
import dev.sallyport.siem.SiemStartException;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The SIEM export of the embedded deployment (docs/siem.md): one exporter per sink of {@code
 * siem:}, all reading the ledger through a connection of their own, never the audit writer's, with
 * their cursors in {@code DATA/siem}.
 */
final class SiemExport implements AutoCloseable {
  /** Where each sink's cursor file lives, inside the data folder. */
  static final String STATE_FOLDER = "siem";

  private final Optional<SqliteLedger> reader;
  private final SiemExporters exporters;

  private SiemExport(Optional<SqliteLedger> reader, SiemExporters exporters) {
    this.reader = reader;
    this.exporters = exporters;
  }

  /**
   * Starts every configured sink.
   *
   * @throws SiemStartException when a sink cannot start as configured (its secret is missing)
   */
  static SiemExport start(Deployment deployment, SqliteDatabase database, Path data, Clock clock)
      throws SiemStartException {
    if (deployment.siem().isEmpty()) {
      return new SiemExport(Optional.empty(), SiemExporters.none());
    }
    SqliteLedger reader = EmbeddedGateway.ledger(database, data, clock);
    try {
      return new SiemExport(
          Optional.of(reader),
          SiemExporters.start(
              deployment.siem(),
              deployment.tenants().keySet(),
              source(reader),
              data.resolve(STATE_FOLDER),
              System::getenv,
              clock));
    } catch (SiemStartException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The read-only view the exporters get: sizes and entries, nothing that writes or signs. */
  static LedgerSource source(SqliteLedger ledger) {
    return new LedgerSource() {
      @Override
      public long size(TenantId tenant) {
        return ledger.size(tenant);
      }

      @Override
      public List<LedgerReader.Entry> entries(TenantId tenant, long start, long end) {
        return ledger.entries(tenant, start, end);
      }
    };
  }

  /**
   * What retention must keep for the configured sinks: every entry at or after the lowest cursor
   * across them (nothing when there are none).
   */
  static RetentionHold hold(Deployment deployment, Path data) {
    if (deployment.siem().isEmpty()) {
      return RetentionHold.NONE;
    }
    return new SiemRetentionHold(deployment.siem(), data.resolve(STATE_FOLDER));
  }

  SiemExporters exporters() {
    return exporters;
  }

  /** Delivers what is pending for a few seconds, then stops; the rest goes after a restart. */
  @Override
  public void close() {
    try {
      exporters.close();
    } finally {
      reader.ifPresent(SqliteLedger::close);
    }
  }
}
