package dev.sallyport.store.postgres;

import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.store.Ledger;
import dev.sallyport.ledger.store.LedgerBackend;
import dev.sallyport.ledger.store.Retention;
import dev.sallyport.ledger.store.RetentionHold;
import dev.sallyport.ledger.store.SigningKeys;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A fresh schema of its own in the local PostgreSQL (127.0.0.1:5432, database {@code test}, trust
 * authentication), for the ledger store contracts; dropped on close. Runs never collide: every
 * backend has a random schema name. When PostgreSQL is not running, opening fails and so do the
 * tests: they never skip.
 */
final class PostgresBackend implements LedgerBackend {
  static final String URL =
      System.getProperty("sallyport.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getProperty("sallyport.test.postgres.user", "postgres");

  final PostgresDatabase database;

  PostgresBackend() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.database =
        PostgresDatabase.open(URL, USER, "ledger_test_" + HexFormat.of().formatHex(random));
  }

  @Override
  public AuditLog openLog() {
    return new PostgresAuditLog(database, Duration.ofSeconds(5));
  }

  @Override
  public Ledger openLedger(SigningKeys keys, Clock clock) {
    return new PostgresLedger(database, keys, clock);
  }

  @Override
  public Retention openRetention(
      Ledger ledger, AuditLog audit, Clock clock, RetentionHold hold, int batchSize) {
    return new PostgresRetention(database, ledger, audit, clock, hold, batchSize);
  }

  @Override
  public void sql(String statement) {
    update(statement);
  }

  @Override
  public List<String> query(String select) {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(select)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(result.getString(i));
        }
        rows.add(String.join("/", values));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  @Override
  public void editBody(long index, String from, String to) {
    update(
        "UPDATE audit_events SET body = convert_to(replace(convert_from(body, 'UTF8'), ?, ?),"
            + " 'UTF8') WHERE tenant = 'acme' AND idx = ?",
        from,
        to,
        index);
  }

  @Override
  public void zeroTile(int level, long index) {
    update(
        "UPDATE ledger_tiles SET hashes = decode(repeat('00', length(hashes)), 'hex')"
            + " WHERE tenant = 'acme' AND level = ? AND idx = ?",
        level,
        index);
  }

  @Override
  public void truncateTile(int level, long index, int hashes) {
    update(
        "UPDATE ledger_tiles SET hashes = substr(hashes, 1, ?)"
            + " WHERE tenant = 'acme' AND level = ? AND idx = ?",
        hashes * 32,
        level,
        index);
  }

  @Override
  public void insertEvent(long index, byte[] body) {
    update(
        "INSERT INTO audit_events (tenant, idx, id, time, type, body)"
            + " VALUES ('acme', ?, 'x', 't', 'decision', ?)",
        index,
        body);
  }

  @Override
  public void replaceCheckpointNote(long size, byte[] note) {
    update("UPDATE ledger_checkpoints SET note = ? WHERE tenant = 'acme' AND size = ?", note, size);
  }

  @Override
  public void insertCheckpointNote(long size, byte[] note) {
    update(
        "INSERT INTO ledger_checkpoints (tenant, size, note, signed_at)"
            + " VALUES ('acme', ?, ?, '2026-01-05T00:00:00Z')",
        size,
        note);
  }

  @Override
  public void refuseEventInserts() {
    // A trigger stands in for a full disk or a broken server: every insert now fails.
    refusal();
    update(
        "CREATE TRIGGER refuse_inserts BEFORE INSERT ON audit_events"
            + " FOR EACH ROW EXECUTE FUNCTION refuse()");
  }

  @Override
  public void allowEventInserts() {
    update("DROP TRIGGER refuse_inserts ON audit_events");
  }

  @Override
  public void refuseBodyRemovalAt(long index) {
    refusal();
    update(
        "CREATE TRIGGER refuse_removal BEFORE UPDATE OF body ON audit_events FOR EACH ROW"
            + " WHEN (OLD.idx = "
            + index
            + ") EXECUTE FUNCTION refuse()");
  }

  @Override
  public void allowBodyRemoval() {
    update("DROP TRIGGER refuse_removal ON audit_events");
  }

  private void refusal() {
    update(
        "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'disk full'; END $$");
  }

  @Override
  public void close() {
    update("DROP SCHEMA " + database.schema() + " CASCADE");
  }

  private void update(String sql, Object... parameters) {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
