package dev.sallyport.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.LedgerFormatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
  @Test
  void streamingRootEqualsTheStoredTreeRootAtEverySize() {
    InMemoryMerkleNodes nodes = new InMemoryMerkleNodes();
    ProofBuilder builder = new ProofBuilder(nodes);
    CompactRange range = new CompactRange();
    MerkleHasher hasher = new MerkleHasher();
    assertThat(range.root()).isEqualTo(builder.root(0));
    for (int i = 0; i < 300; i++) {
      byte[] data = ("leaf " + i).getBytes(StandardCharsets.UTF_8);
      nodes.appendData(data);
      if (i % 2 == 0) {
        range.append(hasher.leafHash(data));
      } else {
        range.append(hasher.leafHash(data).bytes(), 0);
      }
      assertThat(range.size()).isEqualTo(i + 1);
      assertThat(range.root()).as("size %d", i + 1).isEqualTo(builder.root(i + 1));
    }
  }

  @Test
  void acceptsPrunedLeavesGivenByTheirHash() {
    InMemoryMerkleNodes full = new InMemoryMerkleNodes();
    InMemoryMerkleNodes pruned = new InMemoryMerkleNodes();
    MerkleHasher hasher = new MerkleHasher();
    for (int i = 0; i < 10; i++) {
      byte[] data = new byte[] {(byte) i};
      full.appendData(data);
      pruned.appendLeaf(hasher.leafHash(data));
    }
    assertThat(new ProofBuilder(pruned).root(10)).isEqualTo(new ProofBuilder(full).root(10));
  }

  @Test
  void hashReadsOnlyCanonicalBase64OfThirtyTwoBytes() throws LedgerFormatException {
    Hash hash = new MerkleHasher().leafHash(new byte[0]);
    assertThat(Hash.fromBase64(hash.base64(), "hash")).isEqualTo(hash);
    assertThat(Hash.fromHex(hash.hex())).isEqualTo(hash);
    assertThatThrownBy(() -> Hash.fromBase64("AAAA", "hash"))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("not 32");
    // 'B' instead of 'A' before the padding sets a bit that canonical base64 leaves at zero.
    String nonCanonical = "A".repeat(42) + "B=";
    assertThatThrownBy(() -> Hash.fromBase64(nonCanonical, "hash"))
        .isInstanceOf(LedgerFormatException.class)
        .hasMessageContaining("canonical");
    assertThatThrownBy(() -> Hash.fromBase64("A".repeat(43), "hash"))
        .isInstanceOf(LedgerFormatException.class);
    assertThatThrownBy(() -> Hash.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.fromHex(hash.hex().toUpperCase(java.util.Locale.ROOT)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
