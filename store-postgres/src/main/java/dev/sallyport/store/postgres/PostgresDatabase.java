package dev.sallyport.store.postgres;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.store.LedgerStoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * One schema of a PostgreSQL database holding the ledger: migrated on open, and connections that
 * work in that schema with durable commits. Each component that writes gets its own connection.
 */
public final class PostgresDatabase {
  /** A schema name that needs no quoting: lower-case letters, digits and underscores. */
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String url;
  private final Properties properties;
  private final String schema;

  private PostgresDatabase(String url, Properties properties, String schema) {
    this.url = url;
    this.properties = properties;
    this.schema = schema;
  }

  /**
   * Opens the ledger in {@code schema} of the database at {@code url} (for example {@code
   * jdbc:postgresql://127.0.0.1:5432/sallyport}), creating the schema if needed and applying
   * pending migrations.
   *
   * @param user the role to connect as, authenticated as the server is configured for it; no
   *     password is taken here
   * @throws LedgerStoreException when the database cannot be reached or migrated
   */
  public static PostgresDatabase open(String url, String user, String schema) {
    requireNonNull(url, "url is null");
    requireNonNull(user, "user is null");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
    }
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("currentSchema", schema);
    PostgresDatabase database = new PostgresDatabase(url, properties, schema);
    try {
      Flyway.configure()
          .dataSource(url, user, null)
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations("classpath:db/postgres")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new LedgerStoreException("cannot migrate the ledger schema " + schema, e);
    }
    return database;
  }

  /** The schema this database works in. */
  public String schema() {
    return schema;
  }

  /**
   * A new connection in the schema whose commits return only once they are durable ({@code
   * synchronous_commit = on}, whatever the server's default).
   */
  public Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url, properties);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET synchronous_commit = on");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
