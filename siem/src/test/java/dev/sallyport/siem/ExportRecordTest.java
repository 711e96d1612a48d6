package dev.sallyport.siem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON record every sink but syslog sends, for each kind of entry. */
class ExportRecordTest {
  private static final TenantId ACME = TenantId.of("acme");
  private final MerkleHasher hasher = new MerkleHasher();

  private LedgerReader.Entry entry(long index, AuditEvent event) {
    byte[] bytes = event.canonicalBytes();
    return new LedgerReader.Entry(
        index, hasher.leafHash(bytes), Optional.of(new String(bytes, StandardCharsets.UTF_8)));
  }

  @Test
  void splicesTheEventInByteForByteBesideItsIdIndexLeafHashAndTenant() {
    AuditEvent event = TestLedger.event(ACME, 5);
    LedgerReader.Entry entry = entry(5, event);

    ExportRecord record = ExportRecord.of(ACME, entry, hasher);

    assertThat(record.eventId()).contains(event.id());
    assertThat(record.json())
        .isEqualTo(
            "{\"event\":"
                + entry.canonicalJson().orElseThrow()
                + ",\"id\":\""
                + event.id()
                + "\",\"index\":5,\"leaf_hash\":\""
                + entry.leafHash().base64()
                + "\",\"tenant\":\"acme\"}");
  }

  @Test
  void exportsAPrunedEntryAsItsIndexAndLeafHash() {
    Hash leaf = hasher.leafHash(new byte[] {1, 2});

    ExportRecord record =
        ExportRecord.of(ACME, new LedgerReader.Entry(1, leaf, Optional.empty()), hasher);

    assertThat(record.eventId()).isEmpty();
    assertThat(record.json())
        .isEqualTo(
            "{\"index\":1,\"leaf_hash\":\""
                + leaf.base64()
                + "\",\"pruned\":true,\"tenant\":\"acme\"}");
  }

  @Test
  void flagsAnEntryWhoseBytesDoNotHashToItsLeafWithoutRepeatingThem() {
    LedgerReader.Entry genuine = entry(2, TestLedger.event(ACME, 2));
    String edited =
        genuine.canonicalJson().orElseThrow().replace("\"outcome\":\"allow\"", "\"outcome\":\"x\"");

    ExportRecord record =
        ExportRecord.of(
            ACME, new LedgerReader.Entry(2, genuine.leafHash(), Optional.of(edited)), hasher);

    assertThat(record.content()).isEqualTo(new ExportRecord.Damaged("leaf hash mismatch"));
    assertThat(record.json()).startsWith("{\"damaged\":\"leaf hash mismatch\",\"index\":2,");
    assertThat(record.json()).doesNotContain("outcome");
  }

  @Test
  void flagsBytesThatHashCorrectlyButAreNotAnEventOfThisTenant() {
    byte[] notAnEvent = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
    ExportRecord garbage =
        ExportRecord.of(
            ACME,
            new LedgerReader.Entry(0, hasher.leafHash(notAnEvent), Optional.of("{\"v\":1}")),
            hasher);
    ExportRecord foreign =
        ExportRecord.of(ACME, entry(0, TestLedger.event(TenantId.of("globex"), 1)), hasher);

    assertThat(garbage.content()).isEqualTo(new ExportRecord.Damaged("not an audit event"));
    assertThat(foreign.content()).isEqualTo(new ExportRecord.Damaged("event of another tenant"));
  }
}
