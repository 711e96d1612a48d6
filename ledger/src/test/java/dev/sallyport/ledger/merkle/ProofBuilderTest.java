package dev.sallyport.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofBuilderTest {
  private static final int SIZES = 70;

  /** Every bit of every proof of trees up to this size is flipped: about 200,000 verifications. */
  private static final int FLIP_SIZES = 16;

  /** The eight leaves of the RFC 6962 test data used by Certificate Transparency and Go. */
  private static final List<String> RFC_LEAVES =
      List.of(
          "",
          "00",
          "10",
          "2021",
          "3031",
          "40414243",
          "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");

  /** Roots of the first 1..8 of those leaves. */
  private static final List<String> RFC_ROOTS =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private final InMemoryMerkleNodes nodes = new InMemoryMerkleNodes();
  private final ProofBuilder builder = new ProofBuilder(nodes);
  private final List<byte[]> leaves = new ArrayList<>();

  private void grow(int size) {
    while (leaves.size() < size) {
      byte[] data = ("entry " + leaves.size()).getBytes(StandardCharsets.UTF_8);
      leaves.add(new MerkleHasher().leafHash(data).bytes());
      nodes.appendData(data);
    }
  }

  @Test
  void computesTheRootsOfTheRfc6962TestLeaves() {
    for (int i = 0; i < RFC_LEAVES.size(); i++) {
      nodes.appendData(HexFormat.of().parseHex(RFC_LEAVES.get(i)));
      assertThat(builder.root(i + 1).hex()).isEqualTo(RFC_ROOTS.get(i));
    }
    assertThat(builder.root(0).hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void buildsTheRfc6962InclusionAndConsistencyProofsOfTheTestLeaves() {
    RFC_LEAVES.forEach(leaf -> nodes.appendData(HexFormat.of().parseHex(leaf)));
    assertThat(builder.inclusion(0, 8).hashes())
        .extracting(Hash::hex)
        .containsExactly(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(builder.consistency(6, 8).hashes())
        .extracting(Hash::hex)
        .containsExactly(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(builder.consistency(2, 5).hashes())
        .extracting(Hash::hex)
        .containsExactly(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  }

  @Test
  void rootEqualsTheRecursiveDefinitionForEverySize() {
    grow(SIZES);
    for (int size = 0; size <= SIZES; size++) {
      assertThat(builder.root(size)).as("size %d", size).isEqualTo(referenceRoot(0, size));
    }
  }

  @Test
  void inclusionProofVerifiesForEverySizeAndIndex() throws InvalidProofException {
    grow(SIZES);
    for (int size = 1; size <= SIZES; size++) {
      Hash root = builder.root(size);
      for (int index = 0; index < size; index++) {
        InclusionProof proof = builder.inclusion(index, size);
        proof.verify(Hash.of(leaves.get(index)), root);
      }
    }
  }

  @Test
  void consistencyProofVerifiesForEveryPairOfSizes() throws InvalidProofException {
    grow(SIZES);
    for (int to = 1; to <= SIZES; to++) {
      Hash toRoot = builder.root(to);
      for (int from = 1; from <= to; from++) {
        builder.consistency(from, to).verify(builder.root(from), toRoot);
      }
    }
  }

  @Test
  void rejectsInclusionProofWithFlippedBit() {
    grow(FLIP_SIZES);
    List<String> accepted = new ArrayList<>();
    for (int size = 1; size <= FLIP_SIZES; size++) {
      byte[] root = builder.root(size).bytes();
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = raw(builder.inclusion(index, size).hashes());
        byte[] leaf = leaves.get(index);
        for (int bit = 0; bit < 256; bit++) {
          for (int element = 0; element < proof.size(); element++) {
            if (inclusionHolds(index, size, leaf, flip(proof, element, bit), root)) {
              accepted.add("proof[" + element + "] bit " + bit + " of " + index + "/" + size);
            }
          }
          if (inclusionHolds(index, size, flipBit(leaf, bit), proof, root)) {
            accepted.add("leaf bit " + bit + " of " + index + "/" + size);
          }
          if (inclusionHolds(index, size, leaf, proof, flipBit(root, bit))) {
            accepted.add("root bit " + bit + " of " + index + "/" + size);
          }
        }
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void rejectsConsistencyProofWithFlippedBit() {
    grow(FLIP_SIZES);
    List<String> accepted = new ArrayList<>();
    for (int to = 2; to <= FLIP_SIZES; to++) {
      byte[] toRoot = builder.root(to).bytes();
      for (int from = 1; from < to; from++) {
        byte[] fromRoot = builder.root(from).bytes();
        List<byte[]> proof = raw(builder.consistency(from, to).hashes());
        for (int bit = 0; bit < 256; bit++) {
          for (int element = 0; element < proof.size(); element++) {
            if (consistencyHolds(from, to, fromRoot, toRoot, flip(proof, element, bit))) {
              accepted.add("proof[" + element + "] bit " + bit + " of " + from + "->" + to);
            }
          }
          if (consistencyHolds(from, to, flipBit(fromRoot, bit), toRoot, proof)) {
            accepted.add("first root bit " + bit + " of " + from + "->" + to);
          }
          if (consistencyHolds(from, to, fromRoot, flipBit(toRoot, bit), proof)) {
            accepted.add("second root bit " + bit + " of " + from + "->" + to);
          }
        }
      }
    }
    assertThat(accepted).isEmpty();
  }

  private static boolean inclusionHolds(
      long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
    try {
      ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
      return true;
    } catch (InvalidProofException e) {
      return false;
    }
  }

  private static boolean consistencyHolds(
      long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
    try {
      ProofVerifier.verifyConsistency(from, to, fromRoot, toRoot, proof);
      return true;
    } catch (InvalidProofException e) {
      return false;
    }
  }

  @Test
  void rejectsInclusionProofForAnotherIndexOrSize() {
    grow(13);
    InclusionProof proof = builder.inclusion(5, 13);
    List<byte[]> hashes = raw(proof.hashes());
    byte[] leaf = leaves.get(5);
    byte[] root = builder.root(13).bytes();
    assertThatCode(() -> ProofVerifier.verifyInclusion(5, 13, leaf, hashes, root))
        .doesNotThrowAnyException();
    // The size only fixes the proof's shape: sizes of the same shape (12, 14) pass, by RFC 9162's
    // design; sizes that change the shape, and other indices, must fail.
    long[][] wrongs = {{4, 13}, {6, 13}, {5, 26}, {5, 6}, {5, 5}, {-1, 13}, {5, -13}};
    for (long[] wrong : wrongs) {
      assertThatThrownBy(
              () -> ProofVerifier.verifyInclusion(wrong[0], wrong[1], leaf, hashes, root))
          .as("index %d size %d", wrong[0], wrong[1])
          .isInstanceOf(InvalidProofException.class);
    }
  }

  @Test
  void rejectsConsistencyFromTheEmptyTreeAndBackwards() {
    grow(4);
    byte[] empty = builder.root(0).bytes();
    byte[] four = builder.root(4).bytes();
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 0, empty, empty, List.of()))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("empty tree");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(4, 2, four, empty, List.of()))
        .isInstanceOf(InvalidProofException.class);
  }

  @Test
  void asksTheStoreOnceForLogarithmicallyManyNodesPerProof() {
    CountingNodes counting = new CountingNodes(nodes);
    ProofBuilder counted = new ProofBuilder(counting);
    grow(1000);
    for (int size : new int[] {1, 2, 3, 511, 512, 513, 999, 1000}) {
      for (int index : new int[] {0, size / 2, size - 1}) {
        counting.reset();
        counted.inclusion(index, size);
        assertThat(counting.calls).isEqualTo(1);
        // One node per level plus the right-border subtrees of at most one sibling.
        assertThat(counting.nodes).isLessThanOrEqualTo(2 * 10 + 1);
      }
      counting.reset();
      counted.consistency(Math.max(1, size / 3), size);
      assertThat(counting.calls).isEqualTo(1);
      assertThat(counting.nodes).isLessThanOrEqualTo(2 * 10 + 1);
    }
  }

  @Test
  void refusesProofsOutsideTheStoredTree() {
    grow(5);
    assertThatThrownBy(() -> builder.root(6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.inclusion(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.inclusion(0, 6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.consistency(0, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.consistency(4, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> nodes.hashes(List.of(new NodeId(1, 2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void consistencyProofBetweenEqualSizesIsEmpty() throws InvalidProofException {
    grow(9);
    ConsistencyProof proof = builder.consistency(9, 9);
    assertThat(proof.hashes()).isEmpty();
    proof.verify(builder.root(9), builder.root(9));
  }

  private Hash referenceRoot(int from, int to) {
    MerkleHasher hasher = new MerkleHasher();
    int n = to - from;
    if (n == 0) {
      return hasher.emptyRoot();
    }
    if (n == 1) {
      return Hash.of(leaves.get(from));
    }
    int k = Integer.highestOneBit(n - 1);
    return hasher.nodeHash(referenceRoot(from, from + k), referenceRoot(from + k, to));
  }

  private static List<byte[]> raw(List<Hash> hashes) {
    return hashes.stream().map(Hash::bytes).toList();
  }

  private static List<byte[]> flip(List<byte[]> proof, int element, int bit) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.set(element, flipBit(proof.get(element), bit));
    return copy;
  }

  private static byte[] flipBit(byte[] hash, int bit) {
    byte[] copy = hash.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  /** A store decorator that counts round trips and nodes, as a database would pay for them. */
  private static final class CountingNodes implements MerkleNodes {
    private final MerkleNodes delegate;
    int calls;
    int nodes;

    CountingNodes(MerkleNodes delegate) {
      this.delegate = delegate;
    }

    void reset() {
      calls = 0;
      nodes = 0;
    }

    @Override
    public long size() {
      return delegate.size();
    }

    @Override
    public List<Hash> hashes(List<NodeId> wanted) {
      calls++;
      nodes += wanted.size();
      return delegate.hashes(wanted);
    }
  }
}
