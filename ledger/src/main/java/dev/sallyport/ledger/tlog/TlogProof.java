package dev.sallyport.ledger.tlog;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.LedgerVerificationException;
import dev.sallyport.ledger.StrictBase64;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.merkle.ProofVerifier;
import dev.sallyport.ledger.note.SignedNote;
import dev.sallyport.ledger.note.VerifierKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A receipt for one event in the C2SP tlog-proof format (c2sp.org/tlog-proof): verifiable offline
 * with the log's public key and origin alone.
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * extra &lt;base64&gt;            (optional, unauthenticated)
 * index &lt;decimal&gt;
 * &lt;base64 hash&gt;             (zero or more: the inclusion proof, lowest first)
 *
 * &lt;signed checkpoint, verbatim&gt;
 * </pre>
 *
 * <p>{@link #parse} is strict: exact header, canonical base64, no leading zeros, each proof hash 32
 * bytes, at most 63 of them, and a checkpoint that is a well-formed signed note.
 */
public final class TlogProof {
  /** First line of every proof. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  /** Largest proof accepted by {@link #parse}. */
  public static final int MAX_BYTES = SignedNote.MAX_BYTES + 16 * 1024;

  private static final int MAX_PROOF_HASHES = 63;

  private final long index;
  private final List<Hash> proof;
  private final byte[] extra;
  private final SignedNote checkpoint;

  private TlogProof(long index, List<Hash> proof, byte[] extra, SignedNote checkpoint) {
    this.index = index;
    this.proof = List.copyOf(proof);
    this.extra = extra;
    this.checkpoint = checkpoint;
  }

  /**
   * The receipt for leaf {@code inclusion.index()} under {@code checkpoint}, whose size MUST be the
   * proof's tree size.
   */
  public static TlogProof of(InclusionProof inclusion, SignedCheckpoint checkpoint) {
    requireNonNull(inclusion, "inclusion is null");
    requireNonNull(checkpoint, "checkpoint is null");
    if (inclusion.treeSize() != checkpoint.checkpoint().size()) {
      throw new IllegalArgumentException(
          "proof is for a tree of "
              + inclusion.treeSize()
              + " leaves, checkpoint for "
              + checkpoint.checkpoint().size());
    }
    return new TlogProof(inclusion.index(), inclusion.hashes(), null, checkpoint.note());
  }

  /** The same receipt with opaque, unauthenticated extra data. */
  public TlogProof withExtra(byte[] extraData) {
    return new TlogProof(index, proof, extraData.clone(), checkpoint);
  }

  public long index() {
    return index;
  }

  public List<Hash> proof() {
    return proof;
  }

  /** The extra data, if any. It is not signed: callers MUST NOT trust it. */
  public Optional<byte[]> extra() {
    return Optional.ofNullable(extra).map(byte[]::clone);
  }

  /** The checkpoint note, not yet verified. */
  public SignedNote checkpoint() {
    return checkpoint;
  }

  /**
   * Verifies that {@code leafHash} is entry {@link #index()} of the log {@code origin} signed by
   * {@code key}, and returns the checkpoint that proves it.
   *
   * @throws LedgerVerificationException if the checkpoint is not signed by {@code key}, is for
   *     another origin, or the inclusion proof does not lead to its root
   */
  public SignedCheckpoint verify(Hash leafHash, VerifierKey key, String origin)
      throws LedgerVerificationException {
    SignedCheckpoint signed;
    try {
      signed = SignedCheckpoint.open(checkpoint.toBytes(), key, origin);
    } catch (LedgerFormatException e) {
      // The note parsed when this proof did; only its body can be malformed.
      throw new LedgerVerificationException(
          "signed checkpoint body is malformed: " + e.getMessage());
    }
    ProofVerifier.verifyInclusion(
        index,
        signed.checkpoint().size(),
        leafHash.bytes(),
        proof.stream().map(Hash::bytes).toList(),
        signed.checkpoint().root().bytes());
    return signed;
  }

  /** The proof in its text form. */
  public byte[] toBytes() {
    StringBuilder head = new StringBuilder(HEADER).append('\n');
    if (extra != null) {
      head.append("extra ").append(StrictBase64.encode(extra)).append('\n');
    }
    head.append("index ").append(index).append('\n');
    for (Hash hash : proof) {
      head.append(hash.base64()).append('\n');
    }
    head.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + 512);
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(checkpoint.toBytes());
    return out.toByteArray();
  }

  /** Reads a proof in the c2sp.org/tlog-proof@v1 text form. */
  public static TlogProof parse(byte[] bytes) throws LedgerFormatException {
    requireNonNull(bytes, "bytes is null");
    if (bytes.length > MAX_BYTES) {
      throw new LedgerFormatException("tlog-proof is longer than " + MAX_BYTES + " bytes");
    }
    Lines lines = new Lines(bytes);
    if (!HEADER.equals(lines.next())) {
      throw new LedgerFormatException("tlog-proof does not start with '" + HEADER + "'");
    }
    String line = lines.next();
    byte[] extra = null;
    if (line != null && line.startsWith("extra ")) {
      extra = StrictBase64.decode(line.substring("extra ".length()), "tlog-proof extra data");
      line = lines.next();
    }
    if (line == null || !line.startsWith("index ")) {
      throw new LedgerFormatException("tlog-proof has no 'index' line");
    }
    long index;
    try {
      index = Checkpoint.parseSize(line.substring("index ".length()));
    } catch (LedgerFormatException e) {
      throw new LedgerFormatException(
          "tlog-proof index is not a decimal number without leading zeros");
    }
    List<Hash> proof = new ArrayList<>();
    for (line = lines.next(); line != null && !line.isEmpty(); line = lines.next()) {
      if (proof.size() == MAX_PROOF_HASHES) {
        throw new LedgerFormatException("tlog-proof has more than " + MAX_PROOF_HASHES + " hashes");
      }
      proof.add(Hash.fromBase64(line, "tlog-proof hash " + (proof.size() + 1)));
    }
    if (line == null) {
      throw new LedgerFormatException("tlog-proof has no blank line before its checkpoint");
    }
    SignedNote checkpoint =
        SignedNote.parse(Arrays.copyOfRange(bytes, lines.position(), bytes.length));
    return new TlogProof(index, proof, extra, checkpoint);
  }

  /** Newline-terminated ASCII lines from the start of a byte array. */
  private static final class Lines {
    private final byte[] bytes;
    private int position;

    Lines(byte[] bytes) {
      this.bytes = bytes;
    }

    /** The next line without its newline, or null when no complete line is left. */
    String next() throws LedgerFormatException {
      for (int i = position; i < bytes.length; i++) {
        byte b = bytes[i];
        if (b == '\n') {
          String line = new String(bytes, position, i - position, StandardCharsets.US_ASCII);
          position = i + 1;
          return line;
        }
        if (b < 0x20 || b >= 0x7f) {
          throw new LedgerFormatException(
              "tlog-proof header holds a byte that is not printable ASCII");
        }
      }
      return null;
    }

    int position() {
      return position;
    }
  }
}
