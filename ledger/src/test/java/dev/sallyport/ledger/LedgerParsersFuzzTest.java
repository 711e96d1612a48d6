package dev.sallyport.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.ledger.bundle.BundleTamperedException;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.note.InvalidSignatureException;
import dev.sallyport.ledger.note.SignedNote;
import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.TlogProof;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every parser of untrusted ledger input, fed arbitrary bytes: each MUST either accept (and then
 * write back exactly what it read) or throw its declared exception; any other exception is a
 * finding. Plain {@code mvn test} replays the seeds in {@code LedgerParsersFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes one target.
 */
class LedgerParsersFuzzTest {
  /** The key the seed files are signed with: seed bytes all 7, as in the bundle tests. */
  private static final VerifierKey KEY = signer().verifierKey();

  private static Ed25519NoteSigner signer() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    return Ed25519NoteSigner.fromSeed("sallyport.example/acme", seed);
  }

  @FuzzTest
  void signedNoteParserOnlyThrowsFormatException(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    try {
      SignedNote note = SignedNote.parse(input);
      assertThat(note.toBytes()).isEqualTo(input);
      note.verify(KEY);
    } catch (LedgerFormatException | InvalidSignatureException expected) {
      // Declared outcomes of hostile input.
    }
  }

  @FuzzTest
  void verifierKeyParserOnlyThrowsFormatException(FuzzedDataProvider data) {
    String input = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(VerifierKey.parse(input).encoded()).isEqualTo(input);
    } catch (LedgerFormatException expected) {
      // Declared outcome of hostile input.
    }
  }

  @FuzzTest
  void checkpointParserOnlyThrowsFormatException(FuzzedDataProvider data) {
    String input = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(Checkpoint.parse(input).text()).isEqualTo(input);
    } catch (LedgerFormatException expected) {
      // Declared outcome of hostile input.
    }
  }

  @FuzzTest
  void tlogProofParserOnlyThrowsFormatOrVerificationException(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    try {
      TlogProof proof = TlogProof.parse(input);
      assertThat(proof.toBytes()).isEqualTo(input);
      proof.verify(
          dev.sallyport.ledger.merkle.Hash.of(new byte[32]), KEY, "sallyport.example/acme");
    } catch (LedgerFormatException | LedgerVerificationException expected) {
      // Declared outcomes of hostile input.
    }
  }

  @FuzzTest
  void bundleVerifierOnlyThrowsFormatOrTamperException(FuzzedDataProvider data) throws IOException {
    boolean pinned = data.consumeBoolean();
    byte[] input = data.consumeRemainingAsBytes();
    BundleVerifier verifier = new BundleVerifier(pinned ? Optional.of(KEY) : Optional.empty());
    try {
      verifier.verify(new ByteArrayInputStream(input));
    } catch (LedgerFormatException | BundleTamperedException expected) {
      // Declared outcomes of hostile input.
    }
  }
}
