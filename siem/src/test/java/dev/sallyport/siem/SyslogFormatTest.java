package dev.sallyport.siem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5424 messages byte for byte: header, structured data and its escaping, BOM, truncation. */
class SyslogFormatTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final SyslogFormat FORMAT = new SyslogFormat(13, "gw1.example", "4242");
  private static final MerkleHasher HASHER = new MerkleHasher();

  private static final String EVENT =
      "{\"actor\":\"agent-1\",\"id\":\"0197a5c2-0000-7000-8000-000000000003\",\"outcome\":\"deny\","
          + "\"reason\":\"invariant.read_only_role\",\"rules\":[\"invariant.read_only_role\"],"
          + "\"tenant\":\"acme\",\"time\":\"2026-03-01T09:00:03.123456789Z\","
          + "\"tool\":\"crm.update_contact\",\"type\":\"decision\",\"v\":1}";

  private static AuditEvent event(String id, String actor, String outcome, String type) {
    return new AuditEvent(
        id,
        ACME,
        Instant.parse("2026-03-01T09:00:03.123456789Z"),
        type,
        actor,
        Optional.of("crm.update_contact"),
        Optional.empty(),
        outcome,
        "invariant.read_only_role",
        List.of("invariant.read_only_role"),
        Optional.empty());
  }

  private static ExportRecord record(AuditEvent event, long index) {
    String json = new String(event.canonicalBytes(), StandardCharsets.UTF_8);
    return ExportRecord.of(
        ACME,
        new LedgerReader.Entry(index, HASHER.leafHash(event.canonicalBytes()), Optional.of(json)),
        HASHER);
  }

  private static String text(byte[] message) {
    return new String(message, StandardCharsets.UTF_8);
  }

  @Test
  void writesTheExactBytesOfAFixedEvent() {
    ExportRecord record =
        record(event("0197a5c2-0000-7000-8000-000000000003", "agent-1", "deny", "decision"), 3);

    assertThat(text(FORMAT.message(record)))
        .isEqualTo(
            "<108>1 2026-03-01T09:00:03.123456Z gw1.example sallyport 4242 decision"
                + " [sallyport@32473 tenant=\"acme\" index=\"3\""
                + " id=\"0197a5c2-0000-7000-8000-000000000003\" outcome=\"deny\""
                + " leaf_hash=\"lT9rwCfyC7rTm7qKPbTycG2Jt2R19B9WFwolzeR6vww=\"] "
                + EVENT);
  }

  @Test
  void writesAPrunedEntryWithNilTimestampAndMsgIdAndNoMessage() {
    Hash leaf = HASHER.leafHash(new byte[] {1});
    ExportRecord pruned =
        ExportRecord.of(ACME, new LedgerReader.Entry(1, leaf, Optional.empty()), HASHER);

    assertThat(text(FORMAT.message(pruned)))
        .isEqualTo(
            "<110>1 - gw1.example sallyport 4242 - [sallyport@32473 tenant=\"acme\" index=\"1\""
                + " pruned=\"true\" leaf_hash=\""
                + leaf.base64()
                + "\"]");
  }

  @Test
  void escapesQuoteBackslashAndBracketInParamValues() {
    assertThat(SyslogFormat.escape("a\"b\\c]d[e=f")).isEqualTo("a\\\"b\\\\c\\]d[e=f");

    ExportRecord record = record(event("x\"]\\y", "agent-1", "allow", "decision"), 0);
    assertThat(text(FORMAT.message(record))).contains(" id=\"x\\\"\\]\\\\y\" ");
  }

  @Test
  void startsNonAsciiTextWithAByteOrderMarkAndAsciiTextWithout() {
    byte[] ascii = FORMAT.message(record(event("e-1", "agent-1", "allow", "decision"), 0));
    byte[] utf8 = FORMAT.message(record(event("e-2", "jörg", "allow", "decision"), 0));

    assertThat(indexOf(ascii, (byte) 0xEF)).isNegative();
    int brace = indexOf(utf8, (byte) '{');
    assertThat(Arrays.copyOfRange(utf8, brace - 5, brace))
        .containsExactly(']', ' ', 0xEF, 0xBB, 0xBF);
  }

  @Test
  void truncatesOnlyTheMessageAtACharacterBoundaryAndSaysSo() {
    ExportRecord record = record(event("e-1", "ö".repeat(400) + "agent", "allow", "decision"), 9);

    byte[] whole = FORMAT.message(record);
    for (int max = 480; max < 520; max++) {
      byte[] cut = FORMAT.message(record, max);
      assertThat(cut.length).isLessThanOrEqualTo(max);
      String text = text(cut);
      assertThat(text).contains("index=\"9\"").contains(" truncated=\"true\"]");
      assertThat(text).doesNotContain("\uFFFD");
    }
    assertThat(whole.length).isGreaterThan(800);
    assertThat(text(whole)).doesNotContain("truncated");
  }

  @Test
  void sendsAMessageThatFitsUnchanged() {
    ExportRecord record = record(event("e-1", "agent-1", "allow", "decision"), 0);

    assertThat(FORMAT.message(record, 2048)).isEqualTo(FORMAT.message(record));
  }

  @Test
  void cutsTheTimestampToMicroseconds() {
    assertThat(SyslogFormat.timestamp(Instant.parse("2026-03-01T09:00:03Z")))
        .isEqualTo("2026-03-01T09:00:03Z");
    assertThat(SyslogFormat.timestamp(Instant.parse("2026-03-01T09:00:03.100Z")))
        .isEqualTo("2026-03-01T09:00:03.100Z");
    assertThat(SyslogFormat.timestamp(Instant.parse("2026-03-01T09:00:03.000000999Z")))
        .isEqualTo("2026-03-01T09:00:03Z");
  }

  @Test
  void usesTheNilMsgIdForAnEventTypeRfc5424CannotCarry() {
    ExportRecord record = record(event("e-1", "agent-1", "allow", "a type with spaces"), 0);

    assertThat(text(FORMAT.message(record))).contains(" 4242 - [sallyport@32473");
  }

  @ParameterizedTest(name = "{0} {1} -> severity {2}")
  @CsvSource({
    "decision, deny, 4",
    "decision, allow, 6",
    "decision, require_approval, 5",
    "decision, dry_run, 6",
    "action.result, ok, 6",
    "action.result, timeout, 3",
    "action.result, unreachable, 3",
    "action.result, upstream_error, 3",
    "config.loaded, loaded, 5",
    "ledger.pruned, ok, 5"
  })
  void derivesTheSeverityFromTheOutcome(String type, String outcome, int severity) {
    assertThat(SyslogFormat.severity(record(event("e-1", "agent-1", outcome, type), 0)))
        .isEqualTo(severity);
  }

  @Test
  void marksADamagedEntryCritical() {
    Hash wrong = HASHER.leafHash(new byte[] {7});
    ExportRecord damaged =
        ExportRecord.of(ACME, new LedgerReader.Entry(4, wrong, Optional.of(EVENT)), HASHER);

    assertThat(text(FORMAT.message(damaged)))
        .startsWith("<106>1 - gw1.example sallyport 4242 - [sallyport@32473")
        .contains(" damaged=\"leaf hash mismatch\" ");
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
