package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Two connections of one database contending for the write lock, as the stores' connections do. */
class BusyWaitTest {
  @TempDir Path temp;

  private static long count(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        var rows = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void aWriterWaitsForTheOtherConnectionsTransactionAndThenCommits() throws Exception {
    SqliteDatabase database = SqliteDatabase.open(temp);
    try (Connection holder = database.connect();
        Connection waiter = database.connect()) {
      try (Statement s = holder.createStatement()) {
        s.execute("CREATE TABLE t (x INTEGER)");
        s.execute("BEGIN IMMEDIATE");
        s.execute("INSERT INTO t VALUES (1)");
      }
      CompletableFuture<Void> insert =
          CompletableFuture.runAsync(() -> {
            try (Statement s = waiter.createStatement()) {
              s.execute("INSERT INTO t VALUES (2)");
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
      // The waiter cannot commit while the holder's transaction is open.
      assertThat(insert).isNotDone();
      try (Statement s = holder.createStatement()) {
        s.execute("COMMIT");
      }
      insert.get(BusyWaitTest.patience().toSeconds(), TimeUnit.SECONDS);
      assertThat(count(holder)).isEqualTo(2);
    }
  }

  @Test
  void aWriterThatWaitsLongerThanItsPatienceFailsBusyAndWritesNothing() throws Exception {
    SqliteDatabase database = SqliteDatabase.open(temp);
    try (Connection holder = database.connect();
        Connection waiter = database.connect()) {
      BusyHandler.setHandler(waiter, new BusyWait(Duration.ofMillis(200)));
      try (Statement s = holder.createStatement()) {
        s.execute("CREATE TABLE t (x INTEGER)");
        s.execute("BEGIN IMMEDIATE");
      }
      assertThatThrownBy(
              () -> {
                try (Statement s = waiter.createStatement()) {
                  s.execute("INSERT INTO t VALUES (2)");
                }
              })
          .isInstanceOfSatisfying(
              SQLiteException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY));
      try (Statement s = holder.createStatement()) {
        s.execute("COMMIT");
      }
      assertThat(count(holder)).isZero();
    }
  }

  private static Duration patience() {
    return SqliteDatabase.BUSY_PATIENCE;
  }
}
