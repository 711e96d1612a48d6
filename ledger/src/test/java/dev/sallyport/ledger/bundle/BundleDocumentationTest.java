package dev.sallyport.ledger.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InMemoryMerkleNodes;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.merkle.ProofBuilder;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worked example of docs/ledger.md is what the code produces, and it verifies. */
class BundleDocumentationTest {
  private static final Path DOC = Path.of("..", "docs", "ledger.md");
  private static final String BEGIN = "<!-- example-bundle:begin -->\n```\n";
  private static final String END = "```\n<!-- example-bundle:end -->";
  private static final String ORIGIN = "sallyport.example/acme";

  private final Ed25519NoteSigner signer =
      Ed25519NoteSigner.fromSeed(ORIGIN, TestingLedger.seed(7));
  private final InMemoryMerkleNodes nodes = new InMemoryMerkleNodes();
  private final ProofBuilder builder = new ProofBuilder(nodes);
  private final List<AuditEvent> events = new ArrayList<>();

  @Test
  void documentedBundleIsTheOneTheCodeWritesAndItVerifies() throws Exception {
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("example markers in %s", DOC).isNotNegative();
    String documented = doc.substring(begin + BEGIN.length(), end);

    byte[] bundle = exampleBundle();
    assertThat(documented).isEqualTo(new String(bundle, StandardCharsets.UTF_8));
    VerifiedBundle verified =
        new BundleVerifier(Optional.of(signer.verifierKey()))
            .verify(new ByteArrayInputStream(documented.getBytes(StandardCharsets.UTF_8)));
    assertThat(verified.size()).isEqualTo(6);
    assertThat(verified.prunedEntries()).isEqualTo(1);
  }

  @Test
  void documentedIntermediateValuesAreTheComputedOnes() throws Exception {
    String doc = Files.readString(DOC);
    exampleBundle();
    MerkleHasher hasher = new MerkleHasher();
    assertThat(doc).contains(HexFormat.of().formatHex(signer.verifierKey().publicKey()));
    assertThat(doc).contains("key id `" + signer.verifierKey().keyIdHex() + "`");
    for (int i = 0; i < events.size(); i++) {
      assertThat(doc).contains(i + " " + hasher.leafHash(events.get(i).canonicalBytes()).hex());
    }
    Hash root3 = builder.root(3);
    Hash root6 = builder.root(6);
    assertThat(doc).contains(root3.hex(), root3.base64(), root6.hex(), root6.base64());
  }

  private byte[] exampleBundle() throws Exception {
    for (int i = 0; i < 6; i++) {
      AuditEvent event =
          new AuditEvent(
              String.format("0197a5c2-0000-7000-8000-%012d", i),
              TenantId.of("acme"),
              Instant.parse("2026-03-01T09:00:00Z").plusSeconds(i),
              "decision",
              "agent-1",
              Optional.of("crm.update_contact"),
              Optional.empty(),
              "allow",
              "policy.permit",
              List.of("rule-1"),
              Optional.empty());
      events.add(event);
      nodes.appendData(event.canonicalBytes());
    }
    List<SignedCheckpoint> checkpoints =
        List.of(
            SignedCheckpoint.sign(new Checkpoint(ORIGIN, 3, builder.root(3)), signer),
            SignedCheckpoint.sign(new Checkpoint(ORIGIN, 6, builder.root(6)), signer));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleWriter writer =
        new BundleWriter(
            out,
            new BundleManifest(ORIGIN, TenantId.of("acme"), signer.verifierKey()),
            checkpoints);
    for (int i = 0; i < events.size(); i++) {
      if (i == 1) {
        writer.appendPruned(new MerkleHasher().leafHash(events.get(i).canonicalBytes()));
      } else {
        writer.appendEvent(events.get(i));
      }
    }
    writer.finish();
    return out.toByteArray();
  }
}
