package dev.sallyport.ledger.store;

import dev.sallyport.ledger.AuditLog;
import java.time.Clock;
import java.util.List;

/**
 * One fresh, empty ledger database of a storage backend, for the contract tests: opens the
 * backend's log, ledger and retention on it, and edits its rows behind their back the way an
 * administrator with write access to the database could. Each backend implements it once.
 *
 * <p>Tamper hooks act on tenant {@code acme}; statements passed to {@link #sql} are written in the
 * SQL that SQLite and PostgreSQL both accept.
 */
public interface LedgerBackend extends AutoCloseable {
  /** A new audit log on this database (a second one after the first closed is a restart). */
  AuditLog openLog();

  /** A new ledger reader on this database. */
  Ledger openLedger(SigningKeys keys, Clock clock);

  /** A new retention on this database. */
  Retention openRetention(
      Ledger ledger, AuditLog audit, Clock clock, RetentionHold hold, int batchSize);

  /** Runs one statement on a connection of its own. */
  void sql(String statement);

  /** Runs a query on a connection of its own; each row as its columns joined by {@code /}. */
  List<String> query(String select);

  /** Replaces {@code from} by {@code to} in the stored bytes of entry {@code index}. */
  void editBody(long index, String from, String to);

  /** Overwrites every hash of a stored tile with zeros, keeping its length. */
  void zeroTile(int level, long index);

  /** Keeps only the first {@code hashes} hashes of a stored tile. */
  void truncateTile(int level, long index, int hashes);

  /** Stores {@code body} as entry {@code index} (a row the log never wrote). */
  void insertEvent(long index, byte[] body);

  /** Replaces the note of the stored checkpoint of size {@code size}. */
  void replaceCheckpointNote(long size, byte[] note);

  /** Stores a checkpoint note of size {@code size} that the ledger never signed. */
  void insertCheckpointNote(long size, byte[] note);

  /** From now on every insert into the event table fails, as on a full disk. */
  void refuseEventInserts();

  /** Undoes {@link #refuseEventInserts}. */
  void allowEventInserts();

  /** From now on removing the body of entry {@code index} fails, as on a full disk. */
  void refuseBodyRemovalAt(long index);

  /** Undoes {@link #refuseBodyRemovalAt}. */
  void allowBodyRemoval();

  @Override
  void close();
}
