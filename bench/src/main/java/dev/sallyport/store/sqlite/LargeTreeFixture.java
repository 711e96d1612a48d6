package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.merkle.TileAppender;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.jdbc.JdbcTiles;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A tenant tree of millions of leaves in a real Sallyport database, for the proof benchmark. It
 * lives in the store's package to use the audit writer's own tile code ({@link TileAppender},
 * {@link JdbcTiles#UPSERT}), so the tree is stored exactly as appends store it; it writes no
 * events, which appending ten million would take minutes and gigabytes for nothing a proof reads.
 *
 * <p>The build commits every 65,536 leaves and resumes where a previous, interrupted one stopped.
 */
public final class LargeTreeFixture {
  private static final int COMMIT_EVERY = 1 << 16;

  private LargeTreeFixture() {}

  /** The leaf hash of leaf {@code index}: the RFC 6962 leaf hash of its 8-byte big-endian index. */
  public static Hash leaf(MerkleHasher hasher, long index) {
    return hasher.leafHash(ByteBuffer.allocate(Long.BYTES).putLong(index).array());
  }

  /**
   * Opens the database in {@code folder}, first appending leaves until {@code tenant}'s tree holds
   * {@code size} of them.
   */
  public static SqliteDatabase openOrBuild(Path folder, TenantId tenant, long size, PrintStream log)
      throws SQLException {
    SqliteDatabase database = SqliteDatabase.open(folder);
    MerkleHasher hasher = new MerkleHasher();
    try (Connection connection = database.connect();
        JdbcTiles tiles = new JdbcTiles(connection);
        PreparedStatement upsert = connection.prepareStatement(JdbcTiles.UPSERT)) {
      connection.setAutoCommit(false);
      TileAppender tree = TileAppender.resume(tiles.of(tenant));
      if (tree.size() > size) {
        throw new IllegalStateException(
            folder + " holds a tree of " + tree.size() + " leaves, more than " + size);
      }
      if (tree.size() == size) {
        return database;
      }
      long started = System.nanoTime();
      log.printf("building a tree of %,d leaves in %s%n", size, folder);
      while (tree.size() < size) {
        long end = Math.min(size, tree.size() + COMMIT_EVERY);
        while (tree.size() < end) {
          tree.append(leaf(hasher, tree.size()));
        }
        JdbcTiles.addBatch(upsert, tenant, tree.takeChangedTiles());
        JdbcTiles.write(upsert);
        connection.commit();
      }
      log.printf("built %,d leaves in %.1f s%n", size, (System.nanoTime() - started) / 1e9);
    }
    return database;
  }
}
