package dev.sallyport.siem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.ExampleDeployments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/siem.md} are what the code writes, byte for byte: the entries 0
 * (full) and 1 (pruned) of the worked example in {@code docs/ledger.md}.
 */
class SiemDocumentationTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String EVENT =
      "{\"actor\":\"agent-1\",\"id\":\"0197a5c2-0000-7000-8000-000000000000\",\"outcome\":\"allow\","
          + "\"reason\":\"policy.permit\",\"rules\":[\"rule-1\"],\"tenant\":\"acme\","
          + "\"time\":\"2026-03-01T09:00:00Z\",\"tool\":\"crm.update_contact\",\"type\":\"decision\","
          + "\"v\":1}";

  private final MerkleHasher hasher = new MerkleHasher();

  private ExportRecord full() {
    return ExportRecord.of(
        ACME,
        new LedgerReader.Entry(
            0, hasher.leafHash(EVENT.getBytes(StandardCharsets.UTF_8)), Optional.of(EVENT)),
        hasher);
  }

  private ExportRecord pruned() throws LedgerFormatException {
    return ExportRecord.of(
        ACME,
        new LedgerReader.Entry(
            1,
            Hash.fromBase64("YGuYgqLwrDIqKr8K+c2k03ttg6/7L4qzS1q4D996h+s=", "leaf hash"),
            Optional.empty()),
        hasher);
  }

  @Test
  void theRecordExamplesAreWhatTheCodeWrites() throws Exception {
    assertThat(example("record-event")).isEqualTo(full().json() + "\n");
    assertThat(example("record-pruned")).isEqualTo(pruned().json() + "\n");
  }

  @Test
  void theSyslogExampleIsWhatTheCodeWrites() throws Exception {
    SyslogFormat format = new SyslogFormat(13, "gw1.example", "4242");

    assertThat(example("syslog"))
        .isEqualTo(
            new String(format.message(full()), StandardCharsets.UTF_8)
                + "\n"
                + new String(format.message(pruned()), StandardCharsets.UTF_8)
                + "\n");
  }

  /** The fenced block between {@code <!-- siem-example:NAME:begin -->} and its end marker. */
  private static String example(String name) throws IOException {
    String page = Files.readString(ExampleDeployments.repositoryRoot().resolve("docs/siem.md"));
    String begin = "<!-- siem-example:" + name + ":begin -->\n";
    String end = "<!-- siem-example:" + name + ":end -->";
    String block = page.substring(page.indexOf(begin) + begin.length(), page.indexOf(end));
    String body = block.substring(block.indexOf('\n') + 1);
    return body.substring(0, body.lastIndexOf("```"));
  }
}
