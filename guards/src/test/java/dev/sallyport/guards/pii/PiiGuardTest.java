package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.GuardLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiGuardTest {
  private final PiiScanner scanner = BuiltInDetectors.scanner();

  @Test
  void redactsWithTypedPlaceholdersConsistentWithinASession() {
    PiiGuard guard = new PiiGuard(scanner, PiiPolicy.redactAll());
    RedactionSession session = new RedactionSession();

    PiiOutcome first =
        guard.apply(
            "Mail jane@example.com or JANE@example.com, cc bob@example.com", "model", session);
    PiiOutcome second = guard.apply("Reply to bob@example.com", "model", session);

    assertThat(first)
        .isEqualTo(
            new PiiOutcome.Redacted(
                "Mail [EMAIL_1] or [EMAIL_1], cc [EMAIL_2]",
                ((PiiOutcome.Redacted) first).redactions(),
                List.of()));
    assertThat(((PiiOutcome.Redacted) second).text()).isEqualTo("Reply to [EMAIL_2]");
  }

  @Test
  void theSameCardWrittenDifferentlyGetsOnePlaceholder() {
    PiiGuard guard = new PiiGuard(scanner, PiiPolicy.redactAll());
    RedactionSession session = new RedactionSession();
    PiiOutcome outcome =
        guard.apply("card 4111 1111 1111 1111 or 4111-1111-1111-1111", "model", session);
    assertThat(((PiiOutcome.Redacted) outcome).text()).isEqualTo("card [CARD_1] or [CARD_1]");
  }

  @Test
  void blockingWinsOverRedactingPerDestination() {
    PiiPolicy policy =
        new PiiPolicy(
            PiiAction.REDACT,
            Map.of(),
            Map.of("tool:email.send", Map.of(EntityType.CREDIT_CARD, PiiAction.BLOCK)));
    PiiGuard guard = new PiiGuard(scanner, policy);
    String text = "card 4111111111111111 for jane@example.com";

    assertThat(guard.apply(text, "tool:email.send", new RedactionSession()))
        .isInstanceOf(PiiOutcome.Blocked.class)
        .extracting(o -> ((PiiOutcome.Blocked) o).types())
        .isEqualTo(java.util.Set.of(EntityType.CREDIT_CARD));
    assertThat(guard.apply(text, "model", new RedactionSession()))
        .isInstanceOf(PiiOutcome.Redacted.class);
  }

  @Test
  void warnLeavesTheTextAndReportsTheFinding() {
    PiiPolicy policy = new PiiPolicy(PiiAction.WARN, Map.of(), Map.of());
    PiiOutcome outcome =
        new PiiGuard(scanner, policy).apply("ip 10.0.0.1", "log", new RedactionSession());
    assertThat(outcome).isInstanceOf(PiiOutcome.Warned.class);
    assertThat(((PiiOutcome.Warned) outcome).text()).isEqualTo("ip 10.0.0.1");
  }

  @Test
  void cleanTextPasses() {
    assertThat(
            new PiiGuard(scanner, PiiPolicy.redactAll())
                .apply("nothing here", "model", new RedactionSession()))
        .isEqualTo(new PiiOutcome.Passed("nothing here"));
  }

  @Test
  void anOversizedTextIsBlockedUnscanned() {
    PiiScanner small = new PiiScanner(BuiltInDetectors.all(), new GuardLimits(10, 3, 10, 100), 0.5);
    PiiOutcome outcome =
        new PiiGuard(small, PiiPolicy.redactAll())
            .apply("x".repeat(11), "model", new RedactionSession());
    assertThat(outcome).isInstanceOf(PiiOutcome.Blocked.class);
    assertThat(((PiiOutcome.Blocked) outcome).reason()).contains("exceeds the limit of 10");
  }

  @Test
  void moreFindingsThanTheLimitRefuseTheScan() {
    PiiScanner small =
        new PiiScanner(BuiltInDetectors.all(), new GuardLimits(1 << 20, 3, 1 << 20, 3), 0.5);
    assertThat(small.scan("a@b.co c@d.co e@f.co g@h.co")).isInstanceOf(PiiScan.Refused.class);
  }

  @Test
  void overlappingFindingsKeepTheCheckedTypeAndLogsNoValue() {
    PiiScan scan = scanner.scan("card 4111 1111 1111 1111");
    List<Finding> findings = ((PiiScan.Scanned) scan).findings();
    assertThat(findings).extracting(Finding::type).containsExactly(EntityType.CREDIT_CARD);
    assertThat(findings.getFirst().toString()).doesNotContain("4111");
  }
}
