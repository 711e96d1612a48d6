package dev.sallyport.ledger.bundle;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.note.InvalidSignatureException;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes one tenant's ledger as a bundle (format in {@code docs/ledger.md}): header and checkpoints
 * on construction, then one {@code append…} call per entry in index order, then {@link #finish}.
 *
 * <p>The writer checks the shape of what it is given (checkpoints signed by the manifest's key, in
 * increasing size order, for the manifest's origin; entries up to the latest checkpoint's size) but
 * not that the entries hash to the checkpoints: the log is the source, {@link BundleVerifier} the
 * judge. Not thread-safe.
 */
public final class BundleWriter {
  /** Longest entry line, newline excluded, that a bundle may hold. */
  public static final int MAX_ENTRY_LINE = 1 << 20;

  private final OutputStream out;
  private final long finalSize;
  private final MerkleHasher hasher = new MerkleHasher();
  private final byte[] leafHash = new byte[Hash.LENGTH];
  private long size;
  private boolean finished;

  /**
   * Writes the header of a bundle to {@code out}, which the caller keeps ownership of (this writer
   * flushes it but never closes it).
   *
   * @param checkpoints the signed checkpoints to include, in increasing size order; the last one's
   *     size is the number of entries the bundle will hold
   */
  public BundleWriter(OutputStream out, BundleManifest manifest, List<SignedCheckpoint> checkpoints)
      throws IOException {
    requireNonNull(out, "out is null");
    requireNonNull(manifest, "manifest is null");
    requireNonNull(checkpoints, "checkpoints is null");
    if (checkpoints.isEmpty() || checkpoints.size() > BundleHeader.MAX_CHECKPOINTS) {
      throw new IllegalArgumentException(
          "a bundle carries 1 to " + BundleHeader.MAX_CHECKPOINTS + " checkpoints");
    }
    long previous = -1;
    for (SignedCheckpoint checkpoint : checkpoints) {
      if (checkpoint.checkpoint().size() <= previous) {
        throw new IllegalArgumentException("checkpoints must be in increasing size order");
      }
      if (!checkpoint.checkpoint().origin().equals(manifest.origin())) {
        throw new IllegalArgumentException("checkpoint is for another origin");
      }
      try {
        checkpoint.note().verify(manifest.key());
      } catch (InvalidSignatureException e) {
        throw new IllegalArgumentException("checkpoint is not signed by the manifest key", e);
      }
      previous = checkpoint.checkpoint().size();
    }
    this.out = new BufferedOutputStream(out, 1 << 16);
    this.finalSize = previous;
    StringBuilder header = new StringBuilder(512);
    header.append(BundleManifest.FORMAT).append('\n');
    header.append("origin ").append(manifest.origin()).append('\n');
    header.append("tenant ").append(manifest.tenant().value()).append('\n');
    header.append("key ").append(manifest.key().encoded()).append('\n');
    header.append("checkpoints ").append(checkpoints.size()).append('\n');
    write(header);
    for (SignedCheckpoint checkpoint : checkpoints) {
      byte[] note = checkpoint.toBytes();
      write("note " + note.length + "\n");
      this.out.write(note);
    }
  }

  /** Appends an event, written as its RFC 8785 canonical JSON. */
  public void appendEvent(AuditEvent event) throws IOException {
    appendCanonicalJson(event.canonicalBytes());
  }

  /**
   * Appends an entry whose leaf data is {@code canonicalJson}, exactly the bytes the log hashed.
   * They MUST be one JSON object on one line: first byte '{', last byte '}', no control characters.
   */
  public void appendCanonicalJson(byte[] canonicalJson) throws IOException {
    checkEntry(canonicalJson);
    hasher.leafHash(canonicalJson, 0, canonicalJson.length, leafHash, 0);
    writeEntry(Hash.of(leafHash), canonicalJson);
  }

  /**
   * Appends an entry as a store holds it: the leaf hash the log recorded when it appended the
   * entry, and the entry's bytes as they are now. When the two disagree the verifier names this
   * entry as modified, rather than only the range since the last good checkpoint.
   */
  public void appendStored(Hash recordedLeafHash, byte[] canonicalJson) throws IOException {
    requireNonNull(recordedLeafHash, "recordedLeafHash is null");
    checkEntry(canonicalJson);
    writeEntry(recordedLeafHash, canonicalJson);
  }

  private static void checkEntry(byte[] canonicalJson) {
    requireNonNull(canonicalJson, "canonicalJson is null");
    int length = canonicalJson.length;
    if (length < 2 || canonicalJson[0] != '{' || canonicalJson[length - 1] != '}') {
      throw new IllegalArgumentException("an entry is one JSON object");
    }
    for (byte b : canonicalJson) {
      if (b >= 0 && b < 0x20) {
        throw new IllegalArgumentException("canonical JSON never holds a raw control character");
      }
    }
  }

  private void writeEntry(Hash hash, byte[] canonicalJson) throws IOException {
    byte[] prefix = prefix(hash);
    if (prefix.length + 1 + canonicalJson.length > MAX_ENTRY_LINE) {
      throw new IllegalArgumentException("entry is longer than a bundle line may be");
    }
    out.write(prefix);
    out.write(' ');
    out.write(canonicalJson);
    out.write('\n');
    size++;
  }

  /** Appends an entry whose payload retention removed: only its leaf hash is kept. */
  public void appendPruned(Hash prunedLeafHash) throws IOException {
    requireNonNull(prunedLeafHash, "prunedLeafHash is null");
    out.write(prefix(prunedLeafHash));
    out.write('\n');
    size++;
  }

  /** Entries written so far. */
  public long size() {
    return size;
  }

  /**
   * Flushes the bundle. MUST be called once, after exactly as many entries as the latest checkpoint
   * covers.
   */
  public void finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("bundle already finished");
    }
    if (size != finalSize) {
      throw new IllegalStateException(
          "bundle has " + size + " entries but its latest checkpoint covers " + finalSize);
    }
    finished = true;
    out.flush();
  }

  /** {@code <index> <base64 leaf hash>}. */
  private byte[] prefix(Hash hash) {
    if (finished || size >= finalSize) {
      throw new IllegalStateException(
          "the latest checkpoint covers only " + finalSize + " entries");
    }
    byte[] index = Long.toString(size).getBytes(StandardCharsets.US_ASCII);
    byte[] encoded = Base64.getEncoder().encode(hash.bytes());
    byte[] prefix = new byte[index.length + 1 + encoded.length];
    System.arraycopy(index, 0, prefix, 0, index.length);
    prefix[index.length] = ' ';
    System.arraycopy(encoded, 0, prefix, index.length + 1, encoded.length);
    return prefix;
  }

  private void write(CharSequence text) throws IOException {
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
