package dev.sallyport.ledger.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.LedgerVerificationException;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.note.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
  private static final String ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  private static final Ed25519NoteSigner SIGNER =
      Ed25519NoteSigner.fromSeed("sallyport.example/acme", new byte[32]);

  @Test
  void readsTheC2spExampleCheckpoint() throws LedgerFormatException {
    String text = "example.com/behind-the-sofa\n20852163\n" + ROOT + "\n";
    Checkpoint checkpoint = Checkpoint.parse(text);
    assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(checkpoint.size()).isEqualTo(20852163);
    assertThat(checkpoint.root().base64()).isEqualTo(ROOT);
    assertThat(checkpoint.extensions()).isEmpty();
    assertThat(checkpoint.text()).isEqualTo(text);
  }

  @Test
  void keepsExtensionLines() throws LedgerFormatException {
    String text = "o\n0\n" + ROOT + "\nfirst extension\nsecond\n";
    Checkpoint checkpoint = Checkpoint.parse(text);
    assertThat(checkpoint.size()).isZero();
    assertThat(checkpoint.extensions()).containsExactly("first extension", "second");
    assertThat(checkpoint.text()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "o\n5\n",
        "o\n5\nROOT",
        "\n5\nROOT\n",
        "o\n\nROOT\n",
        "o\n05\nROOT\n",
        "o\n-5\nROOT\n",
        "o\n+5\nROOT\n",
        "o\n5 \nROOT\n",
        "o\n0x5\nROOT\n",
        "o\n9223372036854775808\nROOT\n",
        "o\n12345678901234567890\nROOT\n",
        "o\n5\nROOT\n\n",
        "o\n5\nROOT\n\nextension\n",
        "o\n5\nAAAA\n",
        "o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
        "o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
        "o\r\n5\nROOT\n",
        "o\n5\nROOT\nbell\u0007\n",
      })
  void rejectsMalformedCheckpoint(String text) {
    assertThatThrownBy(() -> Checkpoint.parse(text.replace("ROOT", ROOT)))
        .isInstanceOf(LedgerFormatException.class);
  }

  @Test
  void acceptsTheLargestSize() throws LedgerFormatException {
    assertThat(Checkpoint.parse("o\n9223372036854775807\n" + ROOT + "\n").size())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void refusesToBuildAnInvalidCheckpoint() {
    Hash root = new MerkleHasher().emptyRoot();
    assertThatThrownBy(() -> new Checkpoint("", 0, root))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checkpoint("a\nb", 0, root))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checkpoint("o", -1, root))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checkpoint("o", 1, root, List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void opensACheckpointSignedByTheLog() throws Exception {
    Checkpoint checkpoint = new Checkpoint("sallyport.example/acme", 3, Hash.fromBase64(ROOT, "r"));
    byte[] note = SignedCheckpoint.sign(checkpoint, SIGNER).toBytes();
    SignedCheckpoint opened =
        SignedCheckpoint.open(note, SIGNER.verifierKey(), "sallyport.example/acme");
    assertThat(opened.checkpoint()).isEqualTo(checkpoint);
    assertThat(new String(note, StandardCharsets.UTF_8))
        .startsWith("sallyport.example/acme\n3\n" + ROOT + "\n\n\u2014 sallyport.example/acme ");
  }

  @Test
  void refusesACheckpointOfAnotherOriginOrKey() throws Exception {
    Checkpoint checkpoint = new Checkpoint("sallyport.example/acme", 3, Hash.fromBase64(ROOT, "r"));
    byte[] note = SignedCheckpoint.sign(checkpoint, SIGNER).toBytes();
    Ed25519NoteSigner other =
        Ed25519NoteSigner.fromSeed(
            "sallyport.example/acme",
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
              17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
            });
    assertThatThrownBy(
            () -> SignedCheckpoint.open(note, SIGNER.verifierKey(), "sallyport.example/other"))
        .isInstanceOf(LedgerVerificationException.class)
        .hasMessageContaining("origin");
    assertThatThrownBy(
            () -> SignedCheckpoint.open(note, other.verifierKey(), "sallyport.example/acme"))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void checksTheSignatureBeforeReadingTheBody() {
    byte[] garbageByStranger =
        Ed25519NoteSigner.fromSeed(
                "sallyport.example/acme",
                new byte[] {
                  9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                  9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9
                })
            .sign("not a checkpoint\n")
            .toBytes();
    assertThatThrownBy(() ->
            SignedCheckpoint.open(
                garbageByStranger, SIGNER.verifierKey(), "sallyport.example/acme"))
        .isInstanceOf(InvalidSignatureException.class);
    byte[] garbageByLog = SIGNER.sign("not a checkpoint\n").toBytes();
    assertThatThrownBy(() ->
            SignedCheckpoint.open(garbageByLog, SIGNER.verifierKey(), "sallyport.example/acme"))
        .isInstanceOf(LedgerFormatException.class);
  }
}
