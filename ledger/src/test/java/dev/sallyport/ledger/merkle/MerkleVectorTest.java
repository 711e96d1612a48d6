package dev.sallyport.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 6962 vectors of transparency-dev/merkle (copied unchanged into test resources, see their
 * README): every good case verifies, every bad one is rejected.
 */
class MerkleVectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One vector; hashes stay base64 text so that records compare by value. */
  record InclusionCase(
      String file,
      long index,
      long size,
      String leaf,
      List<String> proof,
      String root,
      boolean bad) {
    @Override
    public String toString() {
      return file;
    }
  }

  record ConsistencyCase(
      String file,
      long size1,
      long size2,
      String root1,
      String root2,
      List<String> proof,
      boolean bad) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<InclusionCase> inclusionVectors() {
    return files("inclusion").stream()
        .map(file -> {
          JsonNode json = read(file);
          return new InclusionCase(
              name(file),
              json.get("leafIdx").bigIntegerValue().longValue(),
              json.get("treeSize").bigIntegerValue().longValue(),
              bytes(json.get("leafHash")),
              hashes(json.get("proof")),
              bytes(json.get("root")),
              json.get("wantErr").booleanValue());
        });
  }

  static Stream<ConsistencyCase> consistencyVectors() {
    return files("consistency").stream()
        .map(file -> {
          JsonNode json = read(file);
          return new ConsistencyCase(
              name(file),
              json.get("size1").bigIntegerValue().longValue(),
              json.get("size2").bigIntegerValue().longValue(),
              bytes(json.get("root1")),
              bytes(json.get("root2")),
              hashes(json.get("proof")),
              json.get("wantErr").booleanValue());
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionVectors")
  void inclusionVectorIsAcceptedExactlyWhenGood(InclusionCase vector) {
    if (vector.bad()) {
      assertThatThrownBy(() ->
              ProofVerifier.verifyInclusion(
                  vector.index(),
                  vector.size(),
                  decode(vector.leaf()),
                  decode(vector.proof()),
                  decode(vector.root())))
          .isInstanceOf(InvalidProofException.class);
    } else {
      assertThatCode(() ->
              ProofVerifier.verifyInclusion(
                  vector.index(),
                  vector.size(),
                  decode(vector.leaf()),
                  decode(vector.proof()),
                  decode(vector.root())))
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyVectors")
  void consistencyVectorIsAcceptedExactlyWhenGood(ConsistencyCase vector) {
    if (vector.bad()) {
      assertThatThrownBy(() ->
              ProofVerifier.verifyConsistency(
                  vector.size1(),
                  vector.size2(),
                  decode(vector.root1()),
                  decode(vector.root2()),
                  decode(vector.proof())))
          .isInstanceOf(InvalidProofException.class);
    } else {
      assertThatCode(() ->
              ProofVerifier.verifyConsistency(
                  vector.size1(),
                  vector.size2(),
                  decode(vector.root1()),
                  decode(vector.root2()),
                  decode(vector.proof())))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void loadsEveryVectorFileAndBothOutcomes() {
    // Guards against a silently empty table: the copied set has 196 cases.
    assertThat(inclusionVectors().count() + consistencyVectors().count()).isEqualTo(196);
    assertThat(inclusionVectors().filter(v -> !v.bad()).count()).isEqualTo(6);
    assertThat(consistencyVectors().filter(v -> !v.bad()).count()).isEqualTo(6);
  }

  private static List<Path> files(String kind) {
    URL root = MerkleVectorTest.class.getResource("/merkle-vectors/" + kind);
    if (root == null) {
      throw new IllegalStateException("merkle-vectors/" + kind + " is missing from test resources");
    }
    try (Stream<Path> walk = Files.walk(Path.of(root.toURI()))) {
      return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String name(Path file) {
    return file.getParent().getParent().getFileName()
        + "/"
        + file.getParent().getFileName()
        + "/"
        + file.getFileName();
  }

  private static JsonNode read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String bytes(JsonNode node) {
    return node.textValue();
  }

  private static List<String> hashes(JsonNode node) {
    List<String> hashes = new ArrayList<>();
    if (node != null && !node.isNull()) {
      node.forEach(hash -> hashes.add(bytes(hash)));
    }
    return hashes;
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private static List<byte[]> decode(List<String> base64) {
    return base64.stream().map(MerkleVectorTest::decode).toList();
  }
}
