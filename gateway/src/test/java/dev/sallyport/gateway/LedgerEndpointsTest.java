package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.merkle.ConsistencyProof;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.ledger.tlog.TlogProof;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.SqliteRetention;
import dev.sallyport.testing.TestingIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The auditor's ledger endpoints: proofs that verify against the signed checkpoint. */
class LedgerEndpointsTest {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path temp;
  GatewayFixture gateway;
  String auditor;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(temp);
    for (int i = 0; i < 5; i++) {
      gateway.action("finance-bot", "invoices.list", Map.of());
    }
    gateway.ledger.checkpoint(ACME);
    auditor =
        gateway.issuer.sign(
            TestingIssuer.humanClaims(
                    "acme", "ada@acme.example", List.of("audit-team"), gateway.clock.instant())
                .build(),
            h -> h);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  private static List<Hash> hashes(Object list) {
    return ((List<?>) list)
        .stream().map(o -> Hash.of(java.util.Base64.getDecoder().decode((String) o))).toList();
  }

  @Test
  void servesTheSignedCheckpointAndProofsThatVerifyAgainstIt() throws Exception {
    SignedCheckpoint checkpoint = gateway.ledger.latestCheckpoint(ACME).orElseThrow();
    GatewayFixture.Response note = gateway.get("/v1/ledger/checkpoint", auditor);
    assertThat(note.status()).isEqualTo(200);
    assertThat(note.body()).isEqualTo(new String(checkpoint.toBytes(), StandardCharsets.UTF_8));
    long size = checkpoint.checkpoint().size();

    Map<String, Object> entries =
        gateway.get("/v1/ledger/entries?start=0&end=" + size, auditor).map();
    assertThat((List<?>) entries.get("entries")).hasSize((int) size);
    Map<?, ?> third = (Map<?, ?>) ((List<?>) entries.get("entries")).get(3);
    Hash leaf =
        new MerkleHasher().leafHash(((String) third.get("event")).getBytes(StandardCharsets.UTF_8));
    assertThat(leaf.base64()).isEqualTo(third.get("leaf_hash"));

    Map<String, Object> inclusion =
        gateway.get("/v1/ledger/proof/inclusion?index=3&size=" + size, auditor).map();
    new InclusionProof(3, size, hashes(inclusion.get("hashes")))
        .verify(leaf, checkpoint.checkpoint().root());

    Map<String, Object> consistency =
        gateway.get("/v1/ledger/proof/consistency?from=2&to=" + size, auditor).map();
    assertThat(hashes(consistency.get("hashes"))).isNotEmpty();
    assertThat(new ConsistencyProof(2, size, hashes(consistency.get("hashes")))).isNotNull();

    GatewayFixture.Response receipt = gateway.get("/v1/ledger/receipt?index=3", auditor);
    assertThat(receipt.status()).isEqualTo(200);
    assertThat(receipt.body()).startsWith("c2sp.org/tlog-proof@v1");
  }

  @Test
  void agentsAndPeopleWithoutTheAuditorRoleAreRefused() throws Exception {
    assertThat(gateway.get("/v1/ledger/checkpoint", gateway.token("finance-bot")).status())
        .isEqualTo(403);
    String approver =
        gateway.issuer.sign(
            TestingIssuer.humanClaims(
                    "acme", "carol@acme.example", List.of("finance-leads"), gateway.clock.instant())
                .build(),
            h -> h);
    assertThat(gateway.get("/v1/ledger/checkpoint", approver).status()).isEqualTo(403);
    assertThat(gateway.get("/v1/ledger/checkpoint").status()).isEqualTo(401);
  }

  @Test
  void readsPercentEncodedParameters() throws Exception {
    Map<String, Object> entries =
        gateway.get("/v1/ledger/entries?start=%30&end=%32", auditor).map();

    assertThat((List<?>) entries.get("entries")).hasSize(2);
  }

  @Test
  void prunedEntriesKeepTheirLeafHashSayTheyArePrunedAndStillProve() throws Exception {
    long size = gateway.ledger.latestCheckpoint(ACME).orElseThrow().checkpoint().size();
    List<?> before =
        (List<?>)
            gateway.get("/v1/ledger/entries?start=0&end=" + size, auditor).map().get("entries");
    try (SqliteRetention retention =
        new SqliteRetention(
            gateway.database,
            gateway.ledger,
            gateway.sqliteAudit,
            gateway.clock,
            dev.sallyport.ledger.store.RetentionHold.NONE)) {
      assertThat(retention.prune(ACME, gateway.clock.instant().plusSeconds(1))).isPresent();
    }
    SignedCheckpoint after = gateway.ledger.checkpoint(ACME).orElseThrow();
    assertThat(after.checkpoint().size()).isEqualTo(size + 1);

    List<?> entries =
        (List<?>)
            gateway
                .get("/v1/ledger/entries?start=0&end=" + (size + 1), auditor)
                .map()
                .get("entries");
    for (int i = 0; i < size; i++) {
      Map<Object, Object> entry = new HashMap<>((Map<?, ?>) entries.get(i));
      Map<?, ?> original = (Map<?, ?>) before.get(i);
      assertThat(entry)
          .containsOnlyKeys("index", "leaf_hash", "pruned")
          .containsEntry("pruned", true)
          .containsEntry("leaf_hash", original.get("leaf_hash"));
    }
    Map<?, ?> record = (Map<?, ?>) entries.get((int) size);
    assertThat((String) record.get("event")).contains("\"type\":\"ledger.pruned\"");

    Map<?, ?> third = (Map<?, ?>) before.get(3);
    Hash leaf =
        new MerkleHasher().leafHash(((String) third.get("event")).getBytes(StandardCharsets.UTF_8));
    Map<String, Object> inclusion =
        gateway
            .get("/v1/ledger/proof/inclusion?index=3&size=" + after.checkpoint().size(), auditor)
            .map();
    new InclusionProof(3, after.checkpoint().size(), hashes(inclusion.get("hashes")))
        .verify(leaf, after.checkpoint().root());
    GatewayFixture.Response receipt = gateway.get("/v1/ledger/receipt?index=3", auditor);
    assertThat(receipt.status()).isEqualTo(200);
    TlogProof.parse(receipt.body().getBytes(StandardCharsets.UTF_8))
        .verify(leaf, gateway.ledger.verifierKey(ACME), "sallyport.local/acme");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/ledger/proof/inclusion?index=0",
        "/v1/ledger/proof/inclusion?index=-1&size=3",
        "/v1/ledger/proof/inclusion?index=5&size=3",
        "/v1/ledger/proof/inclusion?index=0&size=999999",
        "/v1/ledger/proof/inclusion?index=0x1&size=3",
        "/v1/ledger/proof/inclusion?index=1&index=2&size=3",
        "/v1/ledger/proof/inclusion?index=99999999999999999999&size=3",
        "/v1/ledger/proof/consistency?from=0&to=3",
        "/v1/ledger/proof/consistency?from=4&to=3",
        "/v1/ledger/entries?start=2&end=1",
        "/v1/ledger/entries?start=0",
        "/v1/ledger/entries?start=00&end=1",
        "/v1/ledger/receipt?index=",
        "/v1/ledger/receipt?index=9223372036854775808",
        "/v1/ledger/receipt?index=9999999999999999999",
        "/v1/ledger/receipt?index=%2B1",
        "/v1/ledger/receipt?index=%C3%28",
        "/v1/ledger/receipt",
      })
  void badParametersAreA400NamingTheParameter(String path) throws Exception {
    GatewayFixture.Response response = gateway.get(path, auditor);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.map())
        .containsEntry("type", "https://sallyport.dev/problems/malformed-request");
  }
}
