package dev.sallyport.store.sqlite;

import static java.util.Objects.requireNonNull;

import dev.sallyport.grant.NonceLedger;
import dev.sallyport.grant.NonceReplayedException;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Consumed grant nonces on SQLite, meeting the whole {@link NonceLedger} contract: one insert per
 * nonce under a primary key of (tenant, nonce), so of any number of concurrent consumers, in this
 * process or another on the same file, exactly one succeeds; each insert is committed with {@code
 * synchronous=FULL} before {@link #consume} returns, so a restart never reopens a replay.
 *
 * <p>Rows are kept until their grant's {@code expiresAt} (expiry plus skew, as the verifier passes
 * it) and dropped after it by {@link #purgeExpired}, which {@link #consume} also runs for its
 * tenant at most once per {@link #PURGE_INTERVAL}: the table holds roughly one minute of each
 * tenant's grants, not all of history. Like every store, each method takes the tenant.
 */
public final class SqliteNonceLedger implements NonceLedger, AutoCloseable {
  /** How often {@link #consume} drops expired rows on its way. */
  public static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

  private final Connection connection;
  private final Clock clock;
  private final Map<TenantId, Instant> lastPurge = new HashMap<>();

  public SqliteNonceLedger(SqliteDatabase database, Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
    try {
      this.connection = database.connect();
    } catch (SQLException e) {
      throw new StoreException("cannot open the nonce ledger", e);
    }
  }

  @Override
  public synchronized void consume(TenantId tenant, String nonce, Instant expiresAt)
      throws NonceReplayedException {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(nonce, "nonce is null");
    requireNonNull(expiresAt, "expiresAt is null");
    Instant now = clock.instant();
    if (!now.isBefore(lastPurge.getOrDefault(tenant, Instant.MIN).plus(PURGE_INTERVAL))) {
      purgeExpired(tenant);
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO grant_nonces (tenant, nonce, expires_ms) VALUES (?, ?, ?)")) {
      insert.setString(1, tenant.value());
      insert.setString(2, nonce);
      insert.setLong(3, expiresAt.toEpochMilli());
      insert.executeUpdate();
    } catch (SQLiteException e) {
      if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
        throw new NonceReplayedException();
      }
      throw new StoreException("cannot record the grant nonce", e);
    } catch (SQLException e) {
      // Anything but a replay is a failure, never a pass: the verifier lets this propagate.
      throw new StoreException("cannot record the grant nonce", e);
    }
  }

  /**
   * Drops the tenant's nonces whose grants can no longer verify.
   *
   * @return how many were dropped
   */
  public synchronized int purgeExpired(TenantId tenant) {
    requireNonNull(tenant, "tenant is null");
    Instant now = clock.instant();
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM grant_nonces WHERE tenant = ? AND expires_ms < ?")) {
      delete.setString(1, tenant.value());
      delete.setLong(2, now.toEpochMilli());
      int dropped = delete.executeUpdate();
      lastPurge.put(tenant, now);
      return dropped;
    } catch (SQLException e) {
      throw new StoreException("cannot purge expired grant nonces", e);
    }
  }

  /** How many of the tenant's nonces are held now, expired ones not yet purged included. */
  public synchronized long size(TenantId tenant) {
    requireNonNull(tenant, "tenant is null");
    try (PreparedStatement count =
        connection.prepareStatement("SELECT COUNT(*) FROM grant_nonces WHERE tenant = ?")) {
      count.setString(1, tenant.value());
      try (var rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count grant nonces", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the nonce ledger", e);
    }
  }
}
