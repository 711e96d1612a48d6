package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.store.LedgerBackend;
import dev.sallyport.ledger.store.RetentionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The retention contract on SQLite. */
class SqliteRetentionTest extends RetentionContract {
  @TempDir Path data;

  @Override
  protected LedgerBackend newBackend() {
    return new SqliteBackend(data);
  }
}
