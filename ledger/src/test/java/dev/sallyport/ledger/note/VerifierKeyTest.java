package dev.sallyport.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.LedgerFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifierKeyTest {
  /** The verifier key of golang.org/x/mod/sumdb/note's tests and documentation. */
  static final String PETER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

  @Test
  void readsTheGoReferenceKeyAndWritesItBack() throws LedgerFormatException {
    VerifierKey key = VerifierKey.parse(PETER);
    assertThat(key.name()).isEqualTo("PeterNeumann");
    assertThat(key.keyIdHex()).isEqualTo("c74f20a3");
    assertThat(key.keyId()).isEqualTo(0xc74f20a3);
    assertThat(key.publicKey()).hasSize(32);
    assertThat(key.encoded()).isEqualTo(PETER);
    assertThat(key).isEqualTo(VerifierKey.ed25519("PeterNeumann", key.publicKey()));
  }

  @Test
  void readsAKeyWhoseBase64HoldsAPlus() throws LedgerFormatException {
    // From transparency-dev/formats' tests: the key part contains '+', which is not a separator.
    String plus = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";
    assertThat(VerifierKey.parse(plus).encoded()).isEqualTo(plus);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "PeterNeumann",
        "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW==",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T!",
        "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",
        "PeterNeumann+c74f20a3+",
      })
  void rejectsMalformedKey(String text) {
    assertThatThrownBy(() -> VerifierKey.parse(text)).isInstanceOf(LedgerFormatException.class);
  }

  @Test
  void rejectsEveryTruncationAndEveryChangedByteOfAKey() {
    // The same mangling Go's note package tests with: no part of a key may be dropped or altered.
    byte[] key = PETER.getBytes(StandardCharsets.US_ASCII);
    List<String> accepted = new ArrayList<>();
    for (int start = 0; start <= key.length; start++) {
      for (int end = start + 1; end <= key.length; end++) {
        if (start != 0 || end != key.length) {
          String part = new String(key, start, end - start, StandardCharsets.US_ASCII);
          if (parses(part)) {
            accepted.add(part);
          }
        }
      }
    }
    for (int i = 0; i < key.length; i++) {
      byte[] changed = key.clone();
      changed[i]++;
      String text = new String(changed, StandardCharsets.ISO_8859_1);
      if (parses(text)) {
        accepted.add(text);
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void rejectsKeyOfAnotherSignatureType() {
    byte[] ecdsa = new byte[33];
    ecdsa[0] = 0x02;
    String text = "example.com/log+00000000+" + Base64.getEncoder().encodeToString(ecdsa);
    assertThatThrownBy(() -> VerifierKey.parse(text))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("not an Ed25519 key");
  }

  @Test
  void rejectsBytesThatAreNotAnEd25519Point() {
    byte[] typeAndKey = new byte[33];
    typeAndKey[0] = VerifierKey.ED25519;
    byte[] publicKey = new byte[32];
    String id = java.util.HexFormat.of().toHexDigits(VerifierKey.keyId("n", publicKey));
    String text = "n+" + id + "+" + Base64.getEncoder().encodeToString(typeAndKey);
    assertThatThrownBy(() -> VerifierKey.parse(text))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("not a valid Ed25519 public key");
    assertThatThrownBy(() -> VerifierKey.ed25519("n", publicKey))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsOverLongKey() {
    String text = "a".repeat(VerifierKey.MAX_LENGTH) + "+c74f20a3+AA==";
    assertThatThrownBy(() -> VerifierKey.parse(text))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("longer than");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a+b", "a\tb", "a\u00a0b", "a\u2028b", "a\u0001b"})
  void refusesInvalidKeyNames(String name) {
    assertThatThrownBy(() -> Ed25519NoteSigner.fromSeed(name, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean parses(String text) {
    try {
      VerifierKey.parse(text);
      return true;
    } catch (LedgerFormatException e) {
      return false;
    }
  }
}
