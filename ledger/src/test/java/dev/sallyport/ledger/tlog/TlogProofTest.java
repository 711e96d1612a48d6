package dev.sallyport.ledger.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.LedgerVerificationException;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InMemoryMerkleNodes;
import dev.sallyport.ledger.merkle.InvalidProofException;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.merkle.ProofBuilder;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.note.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlogProofTest {
  private static final String ORIGIN = "sallyport.example/acme";
  private static final Ed25519NoteSigner SIGNER = Ed25519NoteSigner.fromSeed(ORIGIN, new byte[32]);

  private final MerkleHasher hasher = new MerkleHasher();
  private final InMemoryMerkleNodes nodes = new InMemoryMerkleNodes();
  private final ProofBuilder builder = new ProofBuilder(nodes);
  private SignedCheckpoint checkpoint;

  @BeforeEach
  void logTwentyEntries() {
    for (int i = 0; i < 20; i++) {
      nodes.appendData(data(i));
    }
    checkpoint = SignedCheckpoint.sign(new Checkpoint(ORIGIN, 20, builder.root(20)), SIGNER);
  }

  private static byte[] data(int i) {
    return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void receiptVerifiesOfflineAndRoundTrips() throws Exception {
    TlogProof receipt = TlogProof.of(builder.inclusion(13, 20), checkpoint);
    byte[] text = receipt.toBytes();
    assertThat(new String(text, StandardCharsets.UTF_8))
        .startsWith("c2sp.org/tlog-proof@v1\nindex 13\n")
        .contains("\n\n" + checkpoint.checkpoint().text() + "\n\u2014 " + ORIGIN + " ");
    TlogProof parsed = TlogProof.parse(text);
    assertThat(parsed.toBytes()).isEqualTo(text);
    assertThat(parsed.index()).isEqualTo(13);
    assertThat(parsed.extra()).isEmpty();
    SignedCheckpoint proven =
        parsed.verify(hasher.leafHash(data(13)), SIGNER.verifierKey(), ORIGIN);
    assertThat(proven.checkpoint().size()).isEqualTo(20);
  }

  @Test
  void carriesUnauthenticatedExtraData() throws Exception {
    byte[] text =
        TlogProof.of(builder.inclusion(0, 20), checkpoint).withExtra(new byte[] {1, 2}).toBytes();
    assertThat(new String(text, StandardCharsets.UTF_8)).contains("\nextra AQI=\nindex 0\n");
    assertThat(TlogProof.parse(text).extra())
        .hasValueSatisfying(e -> assertThat(e).containsExactly(1, 2));
  }

  @Test
  void rejectsReceiptForAnotherEntryKeyOrOrigin() throws Exception {
    TlogProof receipt =
        TlogProof.parse(TlogProof.of(builder.inclusion(13, 20), checkpoint).toBytes());
    Ed25519NoteSigner stranger =
        Ed25519NoteSigner.fromSeed(
            ORIGIN,
            new byte[] {
              1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
              1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
            });
    assertThatThrownBy(
            () -> receipt.verify(hasher.leafHash(data(12)), SIGNER.verifierKey(), ORIGIN))
        .isInstanceOf(InvalidProofException.class);
    assertThatThrownBy(
            () -> receipt.verify(hasher.leafHash(data(13)), stranger.verifierKey(), ORIGIN))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(
            () -> receipt.verify(hasher.leafHash(data(13)), SIGNER.verifierKey(), "other/origin"))
        .isInstanceOf(LedgerVerificationException.class);
  }

  @Test
  void refusesToPairAProofWithACheckpointOfAnotherSize() {
    assertThatThrownBy(() -> TlogProof.of(builder.inclusion(3, 19), checkpoint))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wrong header",
        "no index",
        "index with leading zero",
        "negative index",
        "index without number",
        "short hash",
        "non-canonical hash",
        "no blank line",
        "bad extra",
        "carriage return",
        "malformed checkpoint",
        "too many hashes",
      })
  void rejectsMalformedReceipt(String malformation) {
    String valid =
        new String(
            TlogProof.of(builder.inclusion(13, 20), checkpoint).toBytes(), StandardCharsets.UTF_8);
    String hash = Hash.of(new byte[32]).base64();
    String text =
        switch (malformation) {
          case "wrong header" -> valid.replace("tlog-proof@v1", "tlog-proof@v2");
          case "no index" -> valid.replace("index 13\n", "");
          case "index with leading zero" -> valid.replace("index 13", "index 013");
          case "negative index" -> valid.replace("index 13", "index -13");
          case "index without number" -> valid.replace("index 13", "index ");
          case "short hash" -> valid.replace("index 13\n", "index 13\nAAAA\n");
          case "non-canonical hash" ->
              valid.replace("index 13\n", "index 13\n" + hash.replace("A=", "B=") + "\n");
          case "no blank line" -> "c2sp.org/tlog-proof@v1\nindex 13\n" + hash + "\n";
          case "bad extra" -> valid.replace("index 13", "extra !!!!\nindex 13");
          case "carriage return" -> valid.replace("index 13\n", "index 13\r\n");
          case "malformed checkpoint" -> valid.substring(0, valid.length() - 1);
          case "too many hashes" ->
              valid.replace("index 13\n", "index 13\n" + (hash + "\n").repeat(64));
          default -> throw new IllegalArgumentException(malformation);
        };
    assertThatThrownBy(() -> TlogProof.parse(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LedgerFormatException.class);
  }

  @Test
  void rejectsOverLongReceipt() {
    byte[] huge = new byte[TlogProof.MAX_BYTES + 1];
    assertThatThrownBy(() -> TlogProof.parse(huge))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("longer than");
  }
}
