package dev.sallyport.ledger.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleVerifierTest {
  private static final long[] CHECKPOINTS = {7, 16, 23, 31, 40};
  private static final Set<Integer> PRUNED = Set.of(3, 9);

  @TempDir Path directory;

  private final TestingLedger ledger = new TestingLedger(40);
  private final BundleVerifier verifier =
      new BundleVerifier(Optional.of(ledger.signer.verifierKey()));
  private BundleFile file;

  @BeforeEach
  void exportTheLog() {
    file = BundleFile.of(ledger.bundle(CHECKPOINTS, PRUNED));
  }

  @Test
  void verifiesAnIntactBundle() throws Exception {
    VerifiedBundle verified = verifier.verify(write(file.toBytes()));
    assertThat(verified.size()).isEqualTo(40);
    assertThat(verified.checkpoints()).isEqualTo(5);
    assertThat(verified.latest().root()).isEqualTo(ledger.builder.root(40));
    assertThat(verified.prunedEntries()).isEqualTo(2);
    assertThat(verified.keyPinned()).isTrue();
    assertThat(verified.manifest()).isEqualTo(ledger.manifest());
  }

  @Test
  void checkpointsOfAVerifiedBundleAreConsistentByRfc9162Proofs() throws Exception {
    verifier.verify(write(file.toBytes()));
    Checkpoint previous = null;
    for (byte[] note : file.notes) {
      Checkpoint checkpoint =
          SignedCheckpoint.open(note, ledger.signer.verifierKey(), TestingLedger.ORIGIN)
              .checkpoint();
      if (previous != null) {
        ledger
            .builder
            .consistency(previous.size(), checkpoint.size())
            .verify(previous.root(), checkpoint.root());
      }
      previous = checkpoint;
    }
  }

  @Test
  void saysWhenItTrustedTheKeyInTheBundle() throws Exception {
    VerifiedBundle verified = new BundleVerifier(Optional.empty()).verify(write(file.toBytes()));
    assertThat(verified.keyPinned()).isFalse();
  }

  @Test
  void acceptsPrunedEntriesThatGiveTheirLeafHash() throws Exception {
    assertThat(file.entry(3)).isEqualTo("3 " + ledger.leafHashes.get(3).base64());
    BundleFile allPruned = BundleFile.of(ledger.bundle(CHECKPOINTS, Set.of(0, 1, 2, 39)));
    assertThat(verifier.verify(write(allPruned.toBytes())).prunedEntries()).isEqualTo(4);
  }

  @Test
  void verifiesTheBundleOfAnEmptyLog() throws Exception {
    TestingLedger empty = new TestingLedger(0);
    byte[] bundle = empty.bundle(new long[] {0}, Set.of());
    VerifiedBundle verified =
        new BundleVerifier(Optional.of(empty.signer.verifierKey())).verify(write(bundle));
    assertThat(verified.size()).isZero();
  }

  @Test
  void rejectsEntryWithOneModifiedByte() {
    byte[] line = file.entries.get(12);
    int digit = new String(line, StandardCharsets.UTF_8).indexOf("agent-") + "agent-".length();
    line[digit]++;
    expect(TamperKind.MODIFIED_ENTRY, 12);
  }

  @Test
  void rejectsEntryRewrittenTogetherWithItsStatedHash() {
    AuditEvent forged = TestingLedger.event(99);
    byte[] json = forged.canonicalBytes();
    Hash hash = new MerkleHasher().leafHash(json);
    file.setEntry(20, "20 " + hash.base64() + " " + new String(json, StandardCharsets.UTF_8));
    // Nothing on the line gives it away; the checkpoint for size 23 does, so the report names
    // the range that checkpoint added, starting at the previous checkpoint's size.
    expect(TamperKind.MODIFIED_ENTRY, 16).hasMessageContaining("entries 16 to 22");
  }

  @Test
  void rejectsPrunedEntryWithChangedLeafHash() {
    file.setEntry(9, "9 " + ledger.leafHashes.get(10).base64());
    expect(TamperKind.MODIFIED_ENTRY, 7).hasMessageContaining("entries 7 to 15");
  }

  @Test
  void rejectsDeletedEntry() {
    file.entries.remove(12);
    expect(TamperKind.MISSING_ENTRY, 12);
  }

  @Test
  void rejectsSwappedEntries() {
    byte[] twelve = file.entries.get(12);
    file.entries.set(12, file.entries.get(25));
    file.entries.set(25, twelve);
    expect(TamperKind.REORDERED_ENTRIES, 12);
  }

  @Test
  void rejectsSwappedNeighbours() {
    byte[] thirty = file.entries.get(30);
    file.entries.set(30, file.entries.get(31));
    file.entries.set(31, thirty);
    expect(TamperKind.REORDERED_ENTRIES, 30);
  }

  @Test
  void rejectsInsertedEntry() {
    byte[] json = TestingLedger.event(77).canonicalBytes();
    Hash hash = new MerkleHasher().leafHash(json);
    String line = "12 " + hash.base64() + " " + new String(json, StandardCharsets.UTF_8);
    file.entries.add(12, line.getBytes(StandardCharsets.UTF_8));
    expect(TamperKind.INSERTED_ENTRY, 12);
  }

  @Test
  void rejectsEntryAppendedAfterTheLastCheckpoint() {
    byte[] json = TestingLedger.event(40).canonicalBytes();
    Hash hash = new MerkleHasher().leafHash(json);
    String line = "40 " + hash.base64() + " " + new String(json, StandardCharsets.UTF_8);
    file.entries.add(line.getBytes(StandardCharsets.UTF_8));
    expect(TamperKind.INSERTED_ENTRY, 40);
  }

  @Test
  void rejectsTruncatedTail() {
    file.entries.subList(35, 40).clear();
    expect(TamperKind.TRUNCATED_LOG, 35);
  }

  @Test
  void rejectsTailCutInsideAnEntryLine() throws Exception {
    byte[] whole = file.toBytes();
    int cut = whole.length - file.entries.get(39).length - 1 - file.entries.get(38).length / 2;
    assertThatThrownBy(() -> verifier.verify(write(Arrays.copyOf(whole, cut))))
        .isInstanceOfSatisfying(
            BundleTamperedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TamperKind.TRUNCATED_LOG);
              assertThat(e.index()).isEqualTo(38);
            });
  }

  @Test
  void rejectsBundleCutRightAfterItsCheckpoints() {
    file.entries.clear();
    expect(TamperKind.TRUNCATED_LOG, 0);
  }

  @Test
  void rejectsCheckpointReplacedByOneSignedOverAForkedTree() {
    file.notes.set(1, forkedCheckpoint(16).toBytes());
    expect(TamperKind.FORKED_CHECKPOINT, 16);
  }

  @Test
  void rejectsTwoCheckpointsWithDifferentRootsForOneSize() {
    file.notes.add(2, forkedCheckpoint(16).toBytes());
    expect(TamperKind.FORKED_CHECKPOINT, 16);
  }

  @Test
  void reportsTheRangeWhenOnlyTheLastCheckpointDisagrees() {
    // With no later checkpoint to confirm the entries, a fork of the last checkpoint and a
    // rewritten entry after the one before it look the same; the message says both.
    file.notes.set(4, forkedCheckpoint(40).toBytes());
    expect(TamperKind.MODIFIED_ENTRY, 31).hasMessageContaining("different tree");
  }

  @Test
  void rejectsCorruptedSignature() {
    String note = new String(file.notes.get(2), StandardCharsets.UTF_8);
    int last = note.length() - 10;
    char replacement = note.charAt(last) == 'A' ? 'B' : 'A';
    file.notes.set(
        2,
        (note.substring(0, last) + replacement + note.substring(last + 1))
            .getBytes(StandardCharsets.UTF_8));
    expect(TamperKind.BAD_SIGNATURE, 23);
  }

  @Test
  void rejectsSignatureThatIsNoLongerBase64() {
    String note = new String(file.notes.get(2), StandardCharsets.UTF_8);
    int last = note.length() - 10;
    file.notes.set(
        2,
        (note.substring(0, last) + "!" + note.substring(last + 1))
            .getBytes(StandardCharsets.UTF_8));
    expect(TamperKind.BAD_SIGNATURE, 23).hasMessageContaining("checkpoint 3");
  }

  @Test
  void rejectsCheckpointSignedByAnotherKey() {
    Ed25519NoteSigner stranger =
        Ed25519NoteSigner.fromSeed(TestingLedger.ORIGIN, TestingLedger.seed(8));
    Checkpoint genuine = ledger.checkpoint(31).checkpoint();
    file.notes.set(3, SignedCheckpoint.sign(genuine, stranger).toBytes());
    expect(TamperKind.BAD_SIGNATURE, 31);
  }

  @Test
  void rejectsBundleThatNamesAnotherKeyThanThePinnedOne() {
    TestingLedger impostor = new TestingLedger(40, TestingLedger.seed(9));
    byte[] bundle = impostor.bundle(CHECKPOINTS, PRUNED);
    assertThatThrownBy(() -> verifier.verify(write(bundle)))
        .isInstanceOfSatisfying(
            BundleTamperedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TamperKind.BAD_SIGNATURE);
              assertThat(e.index()).isZero();
            });
  }

  @Test
  void rejectsEveryCheckpointWhenTheManifestKeyWasSwappedForAnother() throws Exception {
    Ed25519NoteSigner stranger =
        Ed25519NoteSigner.fromSeed(TestingLedger.ORIGIN, TestingLedger.seed(8));
    file.header.set(3, "key " + stranger.verifierKey().encoded());
    assertThatThrownBy(() -> new BundleVerifier(Optional.empty()).verify(write(file.toBytes())))
        .isInstanceOfSatisfying(
            BundleTamperedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TamperKind.BAD_SIGNATURE);
              assertThat(e.index()).isEqualTo(7);
            });
  }

  @Test
  void reportsTheLowestBadIndexWhenSeveralThingsAreWrong() {
    file.entries.get(30)[40]++;
    file.entries.remove(5);
    expect(TamperKind.MISSING_ENTRY, 5);
  }

  @Test
  void reportsAnEntryBeforeALaterBadSignature() {
    file.entries.get(12)[40]++;
    file.notes.set(2, file.notes.get(2).clone());
    file.notes.get(2)[file.notes.get(2).length - 5]++;
    expect(TamperKind.MODIFIED_ENTRY, 12);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "012 LEAF",
        "12LEAF",
        " 12 LEAF",
        "12 ",
        "12 AAAA",
        "12 LEAF ",
        "12 LEAF x",
        "12 LEAF {",
        "12 LEAF  {}",
        "12 LEAF|",
      })
  void rejectsMalformedEntryLine(String line) {
    file.setEntry(12, line.replace("LEAF", ledger.leafHashes.get(12).base64()));
    expect(TamperKind.MODIFIED_ENTRY, 12);
  }

  @Test
  void rejectsEntryLineLongerThanTheLimit() {
    file.setEntry(
        12,
        "12 "
            + ledger.leafHashes.get(12).base64()
            + " {"
            + "x".repeat(BundleWriter.MAX_ENTRY_LINE)
            + "}");
    expect(TamperKind.MODIFIED_ENTRY, 12).hasMessageContaining("longer than");
  }

  @Test
  void refusesCheckpointsOutOfOrderOrRepeated() {
    List<byte[]> notes = List.copyOf(file.notes);
    file.notes.set(1, notes.get(2));
    file.notes.set(2, notes.get(1));
    assertThatThrownBy(() -> verifier.verify(write(file.toBytes())))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("increasing size order");
    file.notes.set(1, notes.get(1));
    file.notes.set(2, notes.get(1));
    assertThatThrownBy(() -> verifier.verify(write(file.toBytes())))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("repeats");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "format",
        "origin",
        "tenant",
        "tenant of another origin",
        "key",
        "key named otherwise",
        "no checkpoints",
        "checkpoint count with leading zero",
        "note length too large",
        "note length not a number",
        "cut inside a checkpoint",
        "empty file",
        "header not UTF-8",
        "header with control character",
      })
  void rejectsMalformedHeader(String malformation) {
    byte[] bytes =
        switch (malformation) {
          case "format" -> edit(0, "sallyport.dev/ledger-bundle@v2");
          case "origin" -> edit(1, "origin");
          case "tenant" -> edit(2, "tenant ACME");
          case "tenant of another origin" -> edit(2, "tenant globex");
          case "key" -> edit(3, "key sallyport.example/acme+00000000+AA==");
          case "key named otherwise" ->
              edit(
                  3,
                  "key "
                      + Ed25519NoteSigner.fromSeed("other", TestingLedger.seed(7))
                          .verifierKey()
                          .encoded());
          case "no checkpoints" -> replace("checkpoints 5\n", "checkpoints 0\n");
          case "checkpoint count with leading zero" ->
              replace("checkpoints 5\n", "checkpoints 05\n");
          case "note length too large" -> replace("\nnote ", "\nnote 99999999");
          case "note length not a number" -> replace("\nnote ", "\nnote x");
          case "cut inside a checkpoint" -> Arrays.copyOf(file.toBytes(), 700);
          case "empty file" -> new byte[0];
          case "header not UTF-8" -> {
            byte[] raw = file.toBytes();
            raw[BundleManifest.FORMAT.length() + 3] = (byte) 0xff;
            yield raw;
          }
          case "header with control character" -> edit(1, "origin sallyport.example/\u0001acme");
          default -> throw new IllegalArgumentException(malformation);
        };
    assertThatThrownBy(() -> verifier.verify(new ByteArrayInputStream(bytes)))
        .isInstanceOf(LedgerFormatException.class);
  }

  @Test
  void writerRefusesAnInconsistentExport() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<SignedCheckpoint> checkpoints = List.of(ledger.checkpoint(2));
    assertThatThrownBy(() -> new BundleWriter(out, ledger.manifest(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new BundleWriter(
                out, ledger.manifest(), List.of(ledger.checkpoint(3), ledger.checkpoint(2))))
        .isInstanceOf(IllegalArgumentException.class);
    TestingLedger stranger = new TestingLedger(3, TestingLedger.seed(8));
    assertThatThrownBy(
            () -> new BundleWriter(out, ledger.manifest(), List.of(stranger.checkpoint(2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> {
              BundleWriter writer = new BundleWriter(out, ledger.manifest(), checkpoints);
              writer.appendEvent(ledger.events.get(0));
              writer.finish();
            })
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> {
              BundleWriter writer = new BundleWriter(out, ledger.manifest(), checkpoints);
              writer.appendEvent(ledger.events.get(0));
              writer.appendEvent(ledger.events.get(1));
              writer.appendEvent(ledger.events.get(2));
            })
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() ->
            new BundleWriter(out, ledger.manifest(), checkpoints)
                .appendCanonicalJson("{\"a\":\n1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new BundleWriter(out, ledger.manifest(), checkpoints)
                .appendCanonicalJson("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manifestRefusesAnOriginThatDoesNotNameTheTenant() {
    assertThatThrownBy(() ->
            new BundleManifest(
                "sallyport.example/globex", TestingLedger.TENANT, ledger.signer.verifierKey()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A checkpoint signed by the log's own key over a tree that shares only the first 10 entries. */
  private SignedCheckpoint forkedCheckpoint(long size) {
    TestingLedger fork = new TestingLedger(10);
    for (int i = 10; i < size; i++) {
      fork.append(TestingLedger.event(1000 + i));
    }
    return fork.checkpoint(size);
  }

  private byte[] edit(int headerLine, String replacement) {
    file.header.set(headerLine, replacement);
    return file.toBytes();
  }

  private byte[] replace(String from, String to) {
    String text = new String(file.toBytes(), StandardCharsets.ISO_8859_1);
    return text.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> expect(
      TamperKind kind, long index) {
    Path bundle = write(file.toBytes());
    ThrowingCallable verification = () -> verifier.verify(bundle);
    return assertThatThrownBy(verification)
        .isInstanceOfSatisfying(
            BundleTamperedException.class,
            e -> {
              assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
              assertThat(e.index()).as(e.getMessage()).isEqualTo(index);
            });
  }

  private Path write(byte[] bytes) {
    try {
      Path path = Files.createTempFile(directory, "ledger", ".bundle");
      Files.write(path, bytes);
      return path;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
