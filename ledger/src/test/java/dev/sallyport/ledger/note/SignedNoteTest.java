package dev.sallyport.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.LedgerFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedNoteTest {
  /** The example note of golang.org/x/mod/sumdb/note, signed by {@link VerifierKeyTest#PETER}. */
  static final String TEXT =
      """
      If you think cryptography is the answer to your problem,
      then you don't know what your problem is.
      """;

  static final String SIGNATURE_LINE =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  static final String NOTE = TEXT + "\n" + SIGNATURE_LINE;

  /** The private key of the same example: {@code PRIVATE+KEY+PeterNeumann+c74f20a3+<this>}. */
  private static final String PETER_PRIVATE = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  private static VerifierKey peter() throws LedgerFormatException {
    return VerifierKey.parse(VerifierKeyTest.PETER);
  }

  static Ed25519NoteSigner peterSigner() {
    byte[] typeAndSeed = Base64.getDecoder().decode(PETER_PRIVATE);
    return Ed25519NoteSigner.fromSeed("PeterNeumann", Arrays.copyOfRange(typeAndSeed, 1, 33));
  }

  @Test
  void verifiesTheGoReferenceNote() throws Exception {
    SignedNote note = SignedNote.parse(bytes(NOTE));
    assertThat(note.text()).isEqualTo(TEXT);
    assertThat(note.signatures()).hasSize(1);
    note.verify(peter());
  }

  @Test
  void signsExactlyAsTheGoReferenceImplementation() throws Exception {
    Ed25519NoteSigner signer = peterSigner();
    assertThat(signer.verifierKey()).isEqualTo(peter());
    assertThat(signer.sign(TEXT).encoded()).isEqualTo(NOTE);
  }

  @Test
  void writesBackWhatItReadsByteForByte() throws Exception {
    Ed25519NoteSigner other = Ed25519NoteSigner.fromSeed("witness.example/w1", new byte[32]);
    String cosigned = NOTE + other.signature(TEXT).line();
    assertThat(SignedNote.parse(bytes(cosigned)).toBytes()).isEqualTo(bytes(cosigned));
  }

  @Test
  void acceptsBlankLinesInsideTheText() throws Exception {
    String text = "first\n\nthird\n";
    SignedNote note = SignedNote.parse(peterSigner().sign(text).toBytes());
    assertThat(note.text()).isEqualTo(text);
    note.verify(peter());
  }

  @Test
  void rejectsModifiedText() throws Exception {
    SignedNote note = SignedNote.parse(bytes(NOTE.replace("cryptography", "cryptographY")));
    assertThatThrownBy(() -> note.verify(peter()))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void rejectsNoteWithoutSignatureByTheKey() throws Exception {
    SignedNote note = SignedNote.parse(bytes(NOTE));
    VerifierKey stranger = Ed25519NoteSigner.fromSeed("PeterNeumann", new byte[32]).verifierKey();
    assertThatThrownBy(() -> note.verify(stranger))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("no signature by");
  }

  @Test
  void ignoresSignaturesOfUnknownKeysEvenWithTheSameNameOrId() throws Exception {
    Ed25519NoteSigner sameName = Ed25519NoteSigner.fromSeed("PeterNeumann", new byte[32]);
    NoteSignature sameId = new NoteSignature("Impostor", peter().keyId(), new byte[64]);
    StringBuilder note = new StringBuilder(TEXT).append('\n');
    note.append(sameName.signature(TEXT).line()).append(sameId.line());
    for (int i = 0; i < 16; i++) {
      note.append(new NoteSignature("witness" + i + ".example", i, new byte[64]).line());
    }
    note.append(SIGNATURE_LINE);
    assertThatCode(() -> SignedNote.parse(bytes(note.toString())).verify(peter()))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsNoteWhenAnySignatureByTheKeyFails() throws Exception {
    NoteSignature forged = new NoteSignature("PeterNeumann", peter().keyId(), new byte[64]);
    SignedNote note = SignedNote.parse(bytes(NOTE + forged.line()));
    assertThatThrownBy(() -> note.verify(peter())).isInstanceOf(InvalidSignatureException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "missing final newline",
        "no blank line",
        "blank line after the signatures",
        "hyphen instead of em dash",
        "no space after the em dash",
        "empty key name",
        "no signature after the name",
        "unpadded base64",
        "invalid base64 character",
        "non-canonical base64",
        "signature shorter than five bytes",
        "carriage return",
        "tab",
        "only text",
        "text but empty signature block",
      })
  void rejectsMalformedNote(String malformation) {
    String sig =
        "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
    String note =
        switch (malformation) {
          case "missing final newline" -> NOTE.substring(0, NOTE.length() - 1);
          case "no blank line" -> TEXT + SIGNATURE_LINE;
          case "blank line after the signatures" -> NOTE + "\n";
          case "hyphen instead of em dash" -> TEXT + "\n- PeterNeumann " + sig + "\n";
          case "no space after the em dash" -> TEXT + "\n\u2014PeterNeumann " + sig + "\n";
          case "empty key name" -> TEXT + "\n\u2014  " + sig + "\n";
          case "no signature after the name" -> TEXT + "\n\u2014 PeterNeumann\n";
          case "unpadded base64" -> TEXT + "\n\u2014 PeterNeumann " + sig.replace("=", "") + "\n";
          case "invalid base64 character" ->
              TEXT + "\n\u2014 PeterNeumann " + sig.replace('/', '_') + "\n";
          case "non-canonical base64" ->
              TEXT + "\n\u2014 PeterNeumann " + sig.replace("nAM=", "nAN=") + "\n";
          case "signature shorter than five bytes" -> TEXT + "\n\u2014 PeterNeumann AAAAAA==\n";
          case "carriage return" -> NOTE.replace("\n\u2014", "\r\n\n\u2014");
          case "tab" -> NOTE.replace("cryptography", "crypto\tgraphy");
          case "only text" -> TEXT;
          case "text but empty signature block" -> TEXT + "\n";
          default -> throw new IllegalArgumentException(malformation);
        };
    assertThatThrownBy(() -> SignedNote.parse(bytes(note)))
        .isInstanceOf(LedgerFormatException.class);
  }

  @Test
  void rejectsNoteThatIsNotUtf8() {
    byte[] invalid = bytes(NOTE);
    invalid[3] = (byte) 0xff;
    byte[] overlong = bytes("x\n\n" + SIGNATURE_LINE);
    overlong[0] = (byte) 0xc1;
    byte[] withOverlong = new byte[overlong.length + 1];
    withOverlong[0] = (byte) 0xc0;
    withOverlong[1] = (byte) 0xaf;
    System.arraycopy(overlong, 1, withOverlong, 2, overlong.length - 1);
    assertThatThrownBy(() -> SignedNote.parse(invalid))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> SignedNote.parse(withOverlong))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void rejectsOverLongNote() {
    String text = "a".repeat(SignedNote.MAX_BYTES) + "\n";
    assertThatThrownBy(() -> SignedNote.parse(bytes(text + "\n" + SIGNATURE_LINE)))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void rejectsNoteWithTooManySignatures() {
    StringBuilder note = new StringBuilder(TEXT).append('\n');
    for (int i = 0; i <= SignedNote.MAX_SIGNATURES; i++) {
      note.append(SIGNATURE_LINE);
    }
    assertThatThrownBy(() -> SignedNote.parse(bytes(note.toString())))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("more than");
  }

  @Test
  void refusesToSignWhatCannotBeANoteText() {
    Ed25519NoteSigner signer = peterSigner();
    assertThatThrownBy(() -> signer.sign("no newline"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("bell\u0007\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("half \ud800 pair\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519NoteSigner.fromSeed("n", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignedNote.of(TEXT, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatedKeysSignNotesThatVerify() throws Exception {
    Ed25519NoteSigner signer =
        Ed25519NoteSigner.generate("sallyport.example/acme", new java.security.SecureRandom());
    SignedNote note = SignedNote.parse(signer.sign("hello\n").toBytes());
    note.verify(signer.verifierKey());
    assertThat(VerifierKey.parse(signer.verifierKey().encoded())).isEqualTo(signer.verifierKey());
    List<NoteSignature> signatures = new ArrayList<>(note.signatures());
    assertThat(signatures.getFirst().isBy(signer.verifierKey())).isTrue();
    assertThat(signer.toString()).doesNotContain("PRIVATE");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
