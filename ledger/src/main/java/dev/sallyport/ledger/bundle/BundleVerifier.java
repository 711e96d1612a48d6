package dev.sallyport.ledger.bundle;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.merkle.CompactRange;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.note.InvalidSignatureException;
import dev.sallyport.ledger.note.SignedNote;
import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.ledger.tlog.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Verifies a bundle offline, in one streaming pass with memory independent of the number of
 * entries:
 *
 * <ol>
 *   <li>every checkpoint note MUST carry a valid signature by the key (the pinned one if given), be
 *       a checkpoint for the manifest's origin, and the checkpoints MUST grow strictly;
 *   <li>every entry line MUST carry its own index in order, and a full entry MUST hash to the leaf
 *       hash it states (a pruned entry gives only the leaf hash);
 *   <li>the RFC 6962 root of the first {@code n} leaves MUST equal the root of every checkpoint of
 *       size {@code n}. Because all roots are recomputed from one sequence of leaves, each
 *       checkpoint is thereby proven consistent with the next (RFC 9162 §2.1.4: the smaller tree is
 *       a prefix of the larger);
 *   <li>the entries MUST end exactly at the largest checkpoint's size.
 * </ol>
 *
 * <p>On failure it throws {@link BundleTamperedException} for the problem with the lowest index (a
 * checkpoint problem before an entry problem at the same index). Where only a root disagrees and no
 * entry line gives itself away (a changed pruned hash, or an entry whose stated hash was recomputed
 * too), the index is the first entry after the last checkpoint that still matched, and the message
 * names the range. Thread-safe: each call keeps its own state.
 */
public final class BundleVerifier {
  private final Optional<VerifierKey> pinnedKey;

  /**
   * @param pinnedKey the tenant's key as the auditor obtained it, independently of the bundle; when
   *     empty, the key in the bundle's manifest is used and the result says so
   */
  public BundleVerifier(Optional<VerifierKey> pinnedKey) {
    this.pinnedKey = requireNonNull(pinnedKey, "pinnedKey is null");
  }

  public VerifiedBundle verify(Path bundle)
      throws IOException, LedgerFormatException, BundleTamperedException {
    try (InputStream in = Files.newInputStream(bundle)) {
      return verify(in);
    }
  }

  /** Verifies the bundle read from {@code in}, which the caller closes. */
  public VerifiedBundle verify(InputStream in)
      throws IOException, LedgerFormatException, BundleTamperedException {
    BundleLines lines = new BundleLines(requireNonNull(in, "in is null"));
    BundleHeader header = BundleHeader.read(lines);
    BundleManifest manifest = header.manifest();
    if (pinnedKey.isPresent() && !pinnedKey.get().equals(manifest.key())) {
      throw new BundleTamperedException(
          TamperKind.BAD_SIGNATURE,
          0,
          "the bundle names key "
              + manifest.key().name()
              + "+"
              + manifest.key().keyIdHex()
              + ", not the pinned key "
              + pinnedKey.get().name()
              + "+"
              + pinnedKey.get().keyIdHex());
    }
    VerifierKey key = pinnedKey.orElse(manifest.key());

    Problem first = null;
    List<Checkpoint> anchors = new ArrayList<>();
    long expectedSize = 0;
    List<byte[]> notes = header.checkpointNotes();
    for (int i = 0; i < notes.size(); i++) {
      String which = "checkpoint " + (i + 1);
      long previous = anchors.isEmpty() ? 0 : anchors.getLast().size();
      Problem problem = null;
      SignedNote note = null;
      try {
        note = SignedNote.parse(notes.get(i));
        note.verify(key);
      } catch (LedgerFormatException | InvalidSignatureException e) {
        String text = note != null ? note.text() : textOf(notes.get(i));
        long claimed = claimedSize(text).orElse(previous);
        expectedSize = Math.max(expectedSize, claimed);
        problem =
            Problem.checkpoint(TamperKind.BAD_SIGNATURE, claimed, which + ": " + e.getMessage());
      }
      if (problem == null) {
        problem = anchor(note, which, manifest, anchors);
        if (!anchors.isEmpty()) {
          expectedSize = Math.max(expectedSize, anchors.getLast().size());
        }
      }
      if (problem != null && (first == null || problem.isBefore(first))) {
        first = problem;
      }
    }

    EntryScan scan = new EntryScan(lines, anchors, expectedSize);
    // With no trusted checkpoint there is nothing to check entries against: the checkpoint
    // problem already recorded is the finding.
    Problem entryProblem = anchors.isEmpty() ? null : scan.run();
    if (entryProblem != null && (first == null || entryProblem.isBefore(first))) {
      first = entryProblem;
    }
    if (first != null) {
      throw new BundleTamperedException(first.kind(), first.index(), first.detail());
    }
    return new VerifiedBundle(
        manifest, scan.size, anchors.getLast(), anchors.size(), scan.pruned, pinnedKey.isPresent());
  }

  /** Adds a verified note's checkpoint to {@code anchors}, or returns why it cannot be one. */
  private static Problem anchor(
      SignedNote note, String which, BundleManifest manifest, List<Checkpoint> anchors)
      throws LedgerFormatException {
    long previous = anchors.isEmpty() ? 0 : anchors.getLast().size();
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(note.text());
    } catch (LedgerFormatException e) {
      return Problem.checkpoint(
          TamperKind.FORKED_CHECKPOINT,
          previous,
          which + " is signed by the log's key but is not a checkpoint: " + e.getMessage());
    }
    if (!checkpoint.origin().equals(manifest.origin())) {
      return Problem.checkpoint(
          TamperKind.FORKED_CHECKPOINT,
          checkpoint.size(),
          which
              + " is signed for origin '"
              + checkpoint.origin()
              + "', not '"
              + manifest.origin()
              + "'");
    }
    if (!anchors.isEmpty()) {
      Checkpoint last = anchors.getLast();
      if (checkpoint.size() == last.size()) {
        if (checkpoint.root().equals(last.root())) {
          throw new LedgerFormatException(which + " repeats the checkpoint before it");
        }
        return Problem.checkpoint(
            TamperKind.FORKED_CHECKPOINT,
            checkpoint.size(),
            which + " signs a second, different root for tree size " + checkpoint.size());
      }
      if (checkpoint.size() < last.size()) {
        throw new LedgerFormatException("checkpoints are not in increasing size order at " + which);
      }
    }
    anchors.add(checkpoint);
    return null;
  }

  private static String textOf(byte[] note) {
    String decoded = new String(note, StandardCharsets.UTF_8);
    int split = decoded.lastIndexOf("\n\n");
    return split < 0 ? decoded : decoded.substring(0, split + 1);
  }

  /** The size a checkpoint text claims, read without trusting it, to place a problem in the log. */
  private static OptionalLong claimedSize(String text) {
    try {
      return OptionalLong.of(Checkpoint.parse(text).size());
    } catch (LedgerFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** One finding; rank orders a checkpoint problem before an entry problem at the same index. */
  private record Problem(TamperKind kind, long index, String detail, int rank) {
    static Problem checkpoint(TamperKind kind, long index, String detail) {
      return new Problem(kind, index, detail, 0);
    }

    static Problem entry(TamperKind kind, long index, String detail) {
      return new Problem(kind, index, detail, 1);
    }

    boolean isBefore(Problem other) {
      return index < other.index || (index == other.index && rank < other.rank);
    }
  }

  /** The streaming pass over entry lines. */
  private static final class EntryScan {
    private static final int[] BASE64 = base64Table();
    private static final int ENCODED_HASH_LENGTH = 44;

    private final BundleLines lines;
    private final List<Checkpoint> anchors;
    private final long expectedSize;
    private final MerkleHasher hasher = new MerkleHasher();
    private final CompactRange range = new CompactRange();
    private final byte[] stated = new byte[Hash.LENGTH];
    private final byte[] computed = new byte[Hash.LENGTH];
    private long size;
    private long pruned;
    private int nextAnchor;
    private int firstMismatch = -1;
    private boolean laterMatch;

    EntryScan(BundleLines lines, List<Checkpoint> anchors, long expectedSize) {
      this.lines = lines;
      this.anchors = anchors;
      this.expectedSize = expectedSize;
    }

    Problem run() throws IOException {
      checkAnchors();
      Problem problem = null;
      while (problem == null && !(firstMismatch >= 0 && laterMatch)) {
        BundleLines.Status status = lines.next(BundleWriter.MAX_ENTRY_LINE);
        if (status == BundleLines.Status.END) {
          break;
        }
        long index = size;
        if (index >= expectedSize) {
          problem =
              Problem.entry(
                  TamperKind.INSERTED_ENTRY,
                  index,
                  "entry "
                      + index
                      + " lies beyond the largest checkpoint, of size "
                      + expectedSize);
        } else if (status == BundleLines.Status.PARTIAL) {
          problem =
              Problem.entry(
                  TamperKind.TRUNCATED_LOG,
                  index,
                  "the bundle ends inside the line of entry " + index);
        } else if (status == BundleLines.Status.TOO_LONG) {
          problem = malformed(index, "is longer than " + BundleWriter.MAX_ENTRY_LINE + " bytes");
        } else {
          problem = entry(index);
        }
        if (problem == null) {
          size++;
          checkAnchors();
        }
      }
      if (firstMismatch >= 0) {
        // Found before any later line problem, so at a lower index than it.
        return rootProblem();
      }
      if (problem == null && size < expectedSize) {
        problem =
            Problem.entry(
                TamperKind.TRUNCATED_LOG,
                size,
                "the bundle ends after "
                    + size
                    + " entries but its checkpoints sign "
                    + expectedSize);
      }
      return problem;
    }

    /** Compares the running root with every checkpoint of the current size. */
    private void checkAnchors() {
      while (nextAnchor < anchors.size() && anchors.get(nextAnchor).size() == size) {
        boolean matches = anchors.get(nextAnchor).root().equals(range.root());
        if (!matches && firstMismatch < 0) {
          firstMismatch = nextAnchor;
        } else if (matches && firstMismatch >= 0) {
          laterMatch = true;
        }
        nextAnchor++;
      }
    }

    private Problem rootProblem() {
      Checkpoint mismatched = anchors.get(firstMismatch);
      if (laterMatch) {
        return Problem.checkpoint(
            TamperKind.FORKED_CHECKPOINT,
            mismatched.size(),
            "the checkpoint for tree size "
                + mismatched.size()
                + " signs a root that the entries do not have, while a later checkpoint confirms"
                + " those entries: the log signed two inconsistent trees");
      }
      long from = firstMismatch == 0 ? 0 : anchors.get(firstMismatch - 1).size();
      return Problem.entry(
          TamperKind.MODIFIED_ENTRY,
          from,
          "entries "
              + from
              + " to "
              + (mismatched.size() - 1)
              + " do not hash to the root signed for tree size "
              + mismatched.size()
              + ": one of them was changed (a pruned entry's hash, or an entry together with its"
              + " stated hash), or that checkpoint was signed over a different tree");
    }

    /** Checks one complete entry line; appends its leaf on success. */
    private Problem entry(long position) throws IOException {
      byte[] line = lines.buffer();
      int end = lines.end();
      int i = lines.start();
      int digitsStart = i;
      long declared = 0;
      while (i < end && line[i] >= '0' && line[i] <= '9' && i - digitsStart < 18) {
        declared = declared * 10 + (line[i] - '0');
        i++;
      }
      int digits = i - digitsStart;
      if (digits == 0 || i == end || line[i] != ' ' || (digits > 1 && line[digitsStart] == '0')) {
        return malformed(position, "does not start with an index and a space");
      }
      if (declared != position) {
        return outOfPlace(position, declared);
      }
      i++;
      if (end - i < ENCODED_HASH_LENGTH || !decodeHash(line, i)) {
        return malformed(position, "does not give a leaf hash as the base64 of 32 bytes");
      }
      i += ENCODED_HASH_LENGTH;
      if (i == end) {
        pruned++;
        range.append(stated, 0);
        return null;
      }
      if (line[i] != ' ' || end - i - 1 < 2 || line[i + 1] != '{' || line[end - 1] != '}') {
        return malformed(position, "has data that is not a JSON object after the leaf hash");
      }
      hasher.leafHash(line, i + 1, end - i - 1, computed, 0);
      if (!Arrays.equals(computed, stated)) {
        return Problem.entry(
            TamperKind.MODIFIED_ENTRY,
            position,
            "entry " + position + " does not hash to the leaf hash it states");
      }
      range.append(computed, 0);
      return null;
    }

    private static Problem malformed(long position, String what) {
      return Problem.entry(
          TamperKind.MODIFIED_ENTRY, position, "the line of entry " + position + " " + what);
    }

    /**
     * The line at {@code position} claims index {@code declared}. Reads the rest of the bundle's
     * indices to tell a missing entry from a reordering or an insertion.
     */
    private Problem outOfPlace(long position, long declared) throws IOException {
      boolean positionSeenLater = false;
      boolean declaredSeenAgain = false;
      long lineCount = position + 1;
      for (BundleLines.Status status = lines.next(BundleWriter.MAX_ENTRY_LINE);
          status != BundleLines.Status.END;
          status = lines.next(BundleWriter.MAX_ENTRY_LINE)) {
        lineCount++;
        if (status == BundleLines.Status.TOO_LONG) {
          continue;
        }
        long index = leadingIndex(lines.buffer(), lines.start(), lines.end());
        positionSeenLater |= index == position;
        declaredSeenAgain |= index == declared;
        if (status == BundleLines.Status.PARTIAL) {
          break;
        }
      }
      if (declared < position) {
        return Problem.entry(
            TamperKind.INSERTED_ENTRY,
            declared,
            "index "
                + declared
                + " appears a second time, on line "
                + (position + 1)
                + " of the entries");
      }
      if (!positionSeenLater) {
        return Problem.entry(
            TamperKind.MISSING_ENTRY,
            position,
            "there is no entry " + position + "; the next line holds entry " + declared);
      }
      if (declaredSeenAgain || declared >= lineCount) {
        return Problem.entry(
            TamperKind.INSERTED_ENTRY,
            position,
            "a line claiming index " + declared + " stands where entry " + position + " should be");
      }
      return Problem.entry(
          TamperKind.REORDERED_ENTRIES,
          position,
          "entry " + position + " is out of order: its place holds entry " + declared);
    }

    private static long leadingIndex(byte[] line, int start, int end) {
      long value = 0;
      int i = start;
      while (i < end && line[i] >= '0' && line[i] <= '9' && i - start < 18) {
        value = value * 10 + (line[i] - '0');
        i++;
      }
      return i == start || i == end || line[i] != ' ' ? -1 : value;
    }

    /** Strict base64 of exactly 32 bytes (43 symbols and '='), decoded into {@code stated}. */
    private boolean decodeHash(byte[] line, int offset) {
      if (line[offset + 43] != '=') {
        return false;
      }
      int out = 0;
      for (int group = 0; group < 10; group++) {
        int bits = 0;
        for (int k = 0; k < 4; k++) {
          int value = BASE64[line[offset + group * 4 + k] & 0xff];
          if (value < 0) {
            return false;
          }
          bits = (bits << 6) | value;
        }
        stated[out++] = (byte) (bits >>> 16);
        stated[out++] = (byte) (bits >>> 8);
        stated[out++] = (byte) bits;
      }
      int a = BASE64[line[offset + 40] & 0xff];
      int b = BASE64[line[offset + 41] & 0xff];
      int c = BASE64[line[offset + 42] & 0xff];
      // The last symbol carries two padding bits, which canonical base64 leaves at zero.
      if (a < 0 || b < 0 || c < 0 || (c & 0x3) != 0) {
        return false;
      }
      stated[30] = (byte) ((a << 2) | (b >>> 4));
      stated[31] = (byte) ((b << 4) | (c >>> 2));
      return true;
    }

    private static int[] base64Table() {
      int[] table = new int[256];
      Arrays.fill(table, -1);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      for (int i = 0; i < alphabet.length(); i++) {
        table[alphabet.charAt(i)] = i;
      }
      return table;
    }
  }
}
