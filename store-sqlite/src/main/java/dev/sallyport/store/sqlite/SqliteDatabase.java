package dev.sallyport.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.sqlite.BusyHandler;

/**
 * One SQLite database file: migrates it on open and hands out connections configured for
 * durability. Each component that writes gets its own connection; SQLite serialises writers and
 * {@link BusyWait} makes them wait (briefly, and at most {@link #BUSY_PATIENCE}) rather than fail.
 */
public final class SqliteDatabase {
  /** How long a statement waits for another connection's write to finish before it fails. */
  static final Duration BUSY_PATIENCE = Duration.ofSeconds(5);

  private final String url;

  private SqliteDatabase(String url) {
    this.url = url;
  }

  /**
   * Opens (creating if needed) {@code sallyport.db} in {@code dataDirectory} and applies pending
   * migrations.
   *
   * @throws StoreException when the folder or the database cannot be opened or migrated
   */
  public static SqliteDatabase open(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new StoreException("cannot create data folder " + dataDirectory, e);
    }
    String url = "jdbc:sqlite:" + dataDirectory.resolve("sallyport.db").toAbsolutePath();
    SqliteDatabase database = new SqliteDatabase(url);
    try (Connection connection = database.connect()) {
      // Opening a connection first sets WAL, so Flyway's own connection finds it in place.
      connection.isValid(1);
    } catch (SQLException e) {
      throw new StoreException("cannot open database", e);
    }
    try {
      Flyway.configure()
          .dataSource(url, "", "")
          .locations("classpath:db/sqlite")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new StoreException("cannot migrate database", e);
    }
    return database;
  }

  /** A new connection with WAL, full sync, foreign keys and {@link BusyWait} for the write lock. */
  public Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
      statement.execute("PRAGMA synchronous=FULL");
      statement.execute("PRAGMA foreign_keys=ON");
      BusyHandler.setHandler(connection, new BusyWait(BUSY_PATIENCE));
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
