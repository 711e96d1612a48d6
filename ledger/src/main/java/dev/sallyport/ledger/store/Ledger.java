package dev.sallyport.ledger.store;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.LedgerVerificationException;
import dev.sallyport.ledger.bundle.BundleManifest;
import dev.sallyport.ledger.bundle.BundleWriter;
import dev.sallyport.ledger.merkle.ConsistencyProof;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.merkle.MerkleNodes;
import dev.sallyport.ledger.merkle.ProofBuilder;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileId;
import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.ledger.merkle.TiledMerkleNodes;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of the tamper-evident ledger over any {@link LedgerStorage}: signed checkpoints,
 * proofs, entries and export bundles over what the audit log appended.
 *
 * <p>A checkpoint is signed only after the new tree is proven consistent with the last signed one,
 * so Sallyport never signs two inconsistent checkpoints; a database edited behind its back makes
 * checkpointing fail loudly instead.
 */
public class Ledger implements LedgerReader, AutoCloseable {
  /** Event rows one read of the storage asks for: the leaf hashes of 64 tiles. */
  public static final int ROWS_PER_READ = 64 * Tile.WIDTH;

  /**
   * Full upper tiles kept in memory by default: every tile above the leaves of a ten-million-entry
   * log (about 41,700) with room to spare; at 512 bytes of hashes each, about 30 MB when full.
   */
  public static final int DEFAULT_CACHED_TILES = 50_000;

  private final LedgerStorage storage;
  private final SigningKeys keys;
  private final Clock clock;
  private final Optional<UpperTileCache> upperTiles;

  /**
   * A ledger whose proofs read full upper tiles through a cache of {@value #DEFAULT_CACHED_TILES}
   * tiles.
   *
   * @param storage the backend; this ledger closes it
   */
  public Ledger(LedgerStorage storage, SigningKeys keys, Clock clock) {
    this(storage, keys, clock, DEFAULT_CACHED_TILES);
  }

  /**
   * @param storage the backend; this ledger closes it
   * @param cachedTiles how many full tiles above the leaves to keep in memory; 0 for none
   */
  public Ledger(LedgerStorage storage, SigningKeys keys, Clock clock, int cachedTiles) {
    this.storage = requireNonNull(storage, "storage is null");
    this.keys = requireNonNull(keys, "keys is null");
    this.clock = requireNonNull(clock, "clock is null");
    if (cachedTiles < 0) {
      throw new IllegalArgumentException("cachedTiles must not be negative");
    }
    this.upperTiles =
        cachedTiles == 0 ? Optional.empty() : Optional.of(new UpperTileCache(cachedTiles));
  }

  /** Tenants that have a log, in id order. */
  public List<TenantId> tenants() {
    return storage.tenants();
  }

  /** The tenant's public verifier key, for auditors to pin when they verify a bundle. */
  public VerifierKey verifierKey(TenantId tenant) {
    return keys.signer(tenant).verifierKey();
  }

  /** The log's origin for a tenant. */
  public String origin(TenantId tenant) {
    return keys.origin(tenant);
  }

  /** Number of entries in the tenant's log. */
  public long size(TenantId tenant) {
    return storage.tiles(tenant).size();
  }

  /**
   * Signs a checkpoint of the tenant's current tree, unless the latest one already covers it.
   *
   * @throws LedgerStoreException when the tree is not consistent with the last signed checkpoint
   */
  public synchronized Optional<SignedCheckpoint> checkpoint(TenantId tenant) {
    MerkleNodes nodes = nodes(tenant);
    long size = nodes.size();
    Optional<SignedCheckpoint> latest = latestCheckpoint(tenant);
    if (size == 0 || (latest.isPresent() && latest.get().checkpoint().size() >= size)) {
      return latest;
    }
    ProofBuilder proofs = new ProofBuilder(nodes);
    Hash root = proofs.root(size);
    if (latest.isPresent()) {
      Checkpoint previous = latest.get().checkpoint();
      try {
        proofs.consistency(previous.size(), size).verify(previous.root(), root);
      } catch (LedgerVerificationException | RuntimeException e) {
        throw new LedgerStoreException(
            "refusing to sign: the tree of tenant "
                + tenant
                + " is not consistent with checkpoint "
                + previous.size(),
            e);
      }
    }
    Ed25519NoteSigner signer = keys.signer(tenant);
    SignedCheckpoint signed =
        SignedCheckpoint.sign(new Checkpoint(keys.origin(tenant), size, root), signer);
    storage.insertCheckpoint(tenant, size, signed.toBytes(), clock.instant());
    return Optional.of(signed);
  }

  /** Checkpoints every tenant with new entries; what the once-a-second task calls. */
  public void checkpointAll() {
    for (TenantId tenant : tenants()) {
      checkpoint(tenant);
    }
  }

  @Override
  public Optional<SignedCheckpoint> latestCheckpoint(TenantId tenant) {
    List<SignedCheckpoint> all = checkpoints(tenant, 1);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * The tenant's checkpoints, newest first, at most {@code limit}.
   *
   * @throws LedgerStoreException when a stored checkpoint does not verify with the tenant's key
   */
  public List<SignedCheckpoint> checkpoints(TenantId tenant, int limit) {
    List<SignedCheckpoint> checkpoints = new ArrayList<>();
    for (byte[] note : storage.checkpointNotes(tenant, limit)) {
      try {
        checkpoints.add(
            SignedCheckpoint.open(note, keys.signer(tenant).verifierKey(), keys.origin(tenant)));
      } catch (LedgerVerificationException | LedgerFormatException e) {
        throw new LedgerStoreException(
            "a stored checkpoint of tenant " + tenant + " does not verify", e);
      }
    }
    return checkpoints;
  }

  @Override
  public InclusionProof inclusion(TenantId tenant, long index, long size) {
    return new ProofBuilder(nodes(tenant)).inclusion(index, size);
  }

  @Override
  public ConsistencyProof consistency(TenantId tenant, long from, long to) {
    return new ProofBuilder(nodes(tenant)).consistency(from, to);
  }

  /**
   * Writes the tenant's offline bundle (docs/ledger.md): its checkpoints, oldest first, then every
   * entry the latest covers, pruned ones as their leaf hash, each with the leaf hash the tree
   * recorded for it.
   *
   * @throws LedgerDamagedException naming the first index when rows or leaf hashes are missing
   */
  public void export(TenantId tenant, OutputStream out) throws IOException {
    checkpoint(tenant);
    List<SignedCheckpoint> newestFirst = checkpoints(tenant, 100_000);
    if (newestFirst.isEmpty()) {
      throw new LedgerDamagedException(0, "the log of tenant " + tenant + " is empty");
    }
    List<SignedCheckpoint> checkpoints = new ArrayList<>(newestFirst.reversed());
    long size = checkpoints.get(checkpoints.size() - 1).checkpoint().size();
    BundleWriter writer =
        new BundleWriter(
            out,
            new BundleManifest(keys.origin(tenant), tenant, keys.signer(tenant).verifierKey()),
            checkpoints);
    TileStore tiles = storage.tiles(tenant);
    long expected = 0;
    for (long start = 0; start < size; start += ROWS_PER_READ) {
      long end = Math.min(size, start + ROWS_PER_READ);
      Map<Long, byte[]> leafTiles = leafTiles(tiles, start, end);
      for (StoredRow row : storage.rows(tenant, start, end)) {
        long index = row.index();
        if (index != expected) {
          throw new LedgerDamagedException(
              expected, "entry " + expected + " is missing from the database");
        }
        Hash leaf =
            leafHash(leafTiles, index)
                .orElseThrow(() ->
                    new LedgerDamagedException(
                        index, "entry " + index + " has no leaf hash in the tree"));
        if (row.body().isEmpty()) {
          writer.appendPruned(leaf);
        } else {
          try {
            writer.appendStored(leaf, row.body().get());
          } catch (IllegalArgumentException e) {
            throw new LedgerDamagedException(
                index, "entry " + index + " is not canonical JSON: " + e.getMessage());
          }
        }
        expected++;
      }
    }
    if (expected < size) {
      throw new LedgerDamagedException(
          expected,
          "the log is truncated: entries from " + expected + " to " + (size - 1) + " are missing");
    }
    writer.finish();
  }

  /**
   * Entries {@code [start, end)} as the tree lists them: a pruned or deleted body is an entry
   * without an event. Stops early at the end of the tree or at the first leaf the tiles do not
   * hold.
   */
  @Override
  public List<Entry> entries(TenantId tenant, long start, long end) {
    List<Entry> entries = new ArrayList<>();
    if (start < 0 || start >= end) {
      return entries;
    }
    TileStore tiles = storage.tiles(tenant);
    for (long from = start; from < end; from += ROWS_PER_READ) {
      long to = Math.min(end, from + ROWS_PER_READ);
      Map<Long, byte[]> leafTiles = leafTiles(tiles, from, to);
      List<Hash> leaves = new ArrayList<>();
      for (long index = from; index < to; index++) {
        Optional<Hash> leaf = leafHash(leafTiles, index);
        if (leaf.isEmpty()) {
          break;
        }
        leaves.add(leaf.get());
      }
      List<StoredRow> rows =
          leaves.isEmpty() ? List.of() : storage.rows(tenant, from, from + leaves.size());
      int next = 0;
      for (int i = 0; i < leaves.size(); i++) {
        long index = from + i;
        while (next < rows.size() && rows.get(next).index() < index) {
          next++;
        }
        Optional<String> json = Optional.empty();
        if (next < rows.size() && rows.get(next).index() == index) {
          json = rows.get(next).body().map(body -> new String(body, StandardCharsets.UTF_8));
        }
        entries.add(new Entry(index, leaves.get(i), json));
      }
      if (leaves.size() < to - from) {
        break;
      }
    }
    return entries;
  }

  /** The tenant's tree for proofs and checkpoints: full upper tiles come from the cache. */
  private MerkleNodes nodes(TenantId tenant) {
    TileStore tiles = storage.tiles(tenant);
    return new TiledMerkleNodes(upperTiles.map(cache -> cache.around(tenant, tiles)).orElse(tiles));
  }

  /**
   * The hashes of the level-0 tiles holding the leaf hashes of entries {@code [start, end)}, by
   * tile index, read in one call.
   */
  private static Map<Long, byte[]> leafTiles(TileStore tiles, long start, long end) {
    List<TileId> ids = new ArrayList<>();
    for (long tile = start / Tile.WIDTH; tile <= (end - 1) / Tile.WIDTH; tile++) {
      ids.add(new TileId(0, tile));
    }
    Map<Long, byte[]> hashes = new HashMap<>();
    for (Map.Entry<TileId, Tile> tile : tiles.tiles(ids).entrySet()) {
      hashes.put(tile.getKey().index(), tile.getValue().hashes());
    }
    return hashes;
  }

  /** The leaf hash recorded for entry {@code index}: hash {@code index % 16} of its leaf tile. */
  private static Optional<Hash> leafHash(Map<Long, byte[]> leafTiles, long index) {
    byte[] hashes = leafTiles.get(index / Tile.WIDTH);
    int from = (int) (index % Tile.WIDTH) * Hash.LENGTH;
    if (hashes == null || hashes.length < from + Hash.LENGTH) {
      return Optional.empty();
    }
    return Optional.of(Hash.of(Arrays.copyOfRange(hashes, from, from + Hash.LENGTH)));
  }

  @Override
  public void close() {
    storage.close();
  }
}
