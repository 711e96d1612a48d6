package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.store.LedgerBackend;
import dev.sallyport.ledger.store.LedgerContract;
import dev.sallyport.ledger.store.SigningKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger contract on SQLite, with the tenants' keys in the data folder as {@code serve} has
 * them.
 */
class SqliteLedgerTest extends LedgerContract {
  @TempDir Path data;

  @Override
  protected LedgerBackend newBackend() {
    return new SqliteBackend(data);
  }

  @Override
  protected SigningKeys newKeys() {
    return new LedgerSigningKeys(data, "sallyport.local", new SecureRandom());
  }
}
