package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.store.AuditLogContract;
import dev.sallyport.ledger.store.LedgerBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditLogTest extends AuditLogContract {
  @TempDir Path data;

  @Override
  protected LedgerBackend newBackend() {
    return new SqliteBackend(data);
  }

  @Test
  void storesDigestsNotArguments() throws Exception {
    try (AuditLog log = backend.openLog()) {
      log.append(event(ACME, 1));
    }
    byte[] file = Files.readAllBytes(data.resolve("sallyport.db"));
    String text = new String(file, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("ab".repeat(32));
  }

  @Test
  void refusesToOpenADataFolderThatIsAFile() throws Exception {
    Path file = Files.writeString(data.resolve("not-a-folder"), "x");

    assertThatThrownBy(() -> SqliteDatabase.open(file)).isInstanceOf(StoreException.class);
  }

  @Test
  void theRowidEventTableStillKeepsOneEventPerIndex() {
    try (AuditLog log = backend.openLog()) {
      log.append(event(ACME, 1));
    }

    // Migration V9: an ordinary rowid table, with the unique index in place of the primary key.
    assertThat(
            backend.query(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'audit_events' AND type = 'index'"))
        .containsExactly("audit_events_by_index");
    assertThatThrownBy(() -> backend.insertEvent(0, event(ACME, 2).canonicalBytes()))
        .hasMessageContaining("UNIQUE");
  }
}
