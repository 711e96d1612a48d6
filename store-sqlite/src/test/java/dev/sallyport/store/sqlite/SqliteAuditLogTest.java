package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditLogTest extends AuditLogContract {
  @TempDir Path data;

  @Override
  AuditLog open() {
    return new SqliteAuditLog(SqliteDatabase.open(data), Duration.ofSeconds(5));
  }

  @Override
  AuditLog reopen() {
    return open();
  }

  @Test
  void anEventThatCannotBeCommittedFailsItsAppend() throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    try (AuditLog log = new SqliteAuditLog(database, Duration.ofSeconds(5));
        Connection admin = database.connect();
        Statement statement = admin.createStatement()) {
      log.append(event(ACME, 1));
      // A trigger stands in for a full disk or a broken file: every insert now fails.
      statement.execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk full'); END");

      assertThatThrownBy(() -> log.append(event(ACME, 2)))
          .isInstanceOf(AuditUnavailableException.class);

      statement.execute("DROP TRIGGER refuse");
      assertThat(log.append(event(ACME, 3))).isEqualTo(1);
    }
  }

  @Test
  void storesDigestsNotArguments() throws Exception {
    try (AuditLog log = open()) {
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
}
