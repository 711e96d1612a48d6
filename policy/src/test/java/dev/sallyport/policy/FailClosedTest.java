package dev.sallyport.policy;

import static dev.sallyport.policy.PolicyFixture.agent;
import static dev.sallyport.policy.PolicyFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every evaluation failure is a deny with reason evaluation_error, for permits and forbids alike.
 */
class FailClosedTest {
  private static final Principal FINANCE = agent("finance-bot", "finance");

  private static PolicyFixture withRule(RuleEffect effect, String condition) {
    PolicyFixture fixture =
        new PolicyFixture().tool("payments.pay", EffectClass.SPEND).role("finance", "payments.pay");
    if (effect != RuleEffect.PERMIT) {
      fixture.rule("permit-all", RuleEffect.PERMIT, "payments.pay", null);
    }
    return fixture.rule("under-test", effect, "payments.pay", condition);
  }

  @ParameterizedTest(name = "{0} rule with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PERMIT           | args.missing_field > 1",
        "PERMIT           | args.amount > 'text'",
        "PERMIT           | args.count / 0 == 1",
        "PERMIT           | int(args.label) > 1",
        "PERMIT           | args.items[5] == 1",
        "FORBID           | args.missing_field > 1",
        "FORBID           | args.amount > 'text'",
        "FORBID           | args.count / 0 == 1",
        "REQUIRE_APPROVAL | args.missing_field > 1",
        "DRY_RUN          | args.count / 0 == 1",
      })
  void deniesWhenAConditionFailsAtRuntime(RuleEffect effect, String condition) {
    Map<String, Object> args =
        Map.of("amount", 10, "count", 3, "label", "abc", "items", java.util.List.of(1));

    Decision decision =
        withRule(effect, condition).engine().decide(call(FINANCE, "payments.pay", args));

    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.reason()).isEqualTo("evaluation_error");
    assertThat(decision.ruleIds()).containsExactly("invariant.evaluation_error");
  }

  @Test
  void deniesWhenTheSessionStoreFails() {
    PolicyFixture fixture =
        withRule(RuleEffect.FORBID, "session.calls('payments.pay', duration('1h')) > 10");

    Decision decision =
        fixture
            .engine(new FailingSessionHistory(), new InMemoryKillSwitches())
            .decide(call(FINANCE, "payments.pay", Map.of()));

    assertThat(decision.reason()).isEqualTo("evaluation_error");
  }

  @Test
  void deniesWhenTheTaintLookupFailsForAConsequentialTool() {
    Decision decision =
        withRule(RuleEffect.PERMIT, "true")
            .engine(new FailingSessionHistory(), new InMemoryKillSwitches())
            .decide(call(FINANCE, "payments.pay", Map.of()));

    assertThat(decision.reason()).isEqualTo("evaluation_error");
  }

  @Test
  void deniesWhenTheKillSwitchLookupFails() {
    KillSwitches broken =
        (tenant, principal) -> {
          throw new IllegalStateException("database is down");
        };

    Decision decision =
        withRule(RuleEffect.PERMIT, "true")
            .engine(new InMemorySessionHistory(), broken)
            .decide(call(FINANCE, "payments.pay", Map.of()));

    assertThat(decision.reason()).isEqualTo("evaluation_error");
    assertThat(decision.detail()).doesNotContain("database is down");
  }

  @Test
  void aNegativeSessionWindowIsAnErrorNotAMatch() {
    Decision decision =
        withRule(RuleEffect.FORBID, "session.calls('payments.pay', duration('-1h')) == 0")
            .engine()
            .decide(call(FINANCE, "payments.pay", Map.of()));

    assertThat(decision.reason()).isEqualTo("evaluation_error");
  }

  @Test
  void aRunawayComprehensionIsStoppedAndDenied() {
    Map<String, Object> args = Map.of("items", java.util.Collections.nCopies(2000, 1L));

    Decision decision =
        withRule(RuleEffect.PERMIT, "args.items.all(i, i == 1)")
            .engine()
            .decide(call(FINANCE, "payments.pay", args));

    assertThat(decision.reason()).isEqualTo("evaluation_error");
  }

  /** A session store whose database is down: every call throws. */
  private static final class FailingSessionHistory implements SessionHistory {
    @Override
    public long calls(TenantId tenant, String sessionId, String tool, Instant since) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public double sum(
        TenantId tenant, String sessionId, String tool, String argument, Instant since) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public boolean approved(TenantId tenant, String sessionId, String kind) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public boolean tainted(TenantId tenant, String sessionId) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public void recordCall(
        TenantId tenant, String sessionId, String tool, Map<String, Object> arguments, Instant at) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public void recordApproval(TenantId tenant, String sessionId, String kind, Instant at) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public void markTainted(TenantId tenant, String sessionId, Instant at) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public boolean injectionSuspected(TenantId tenant, String sessionId) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public void flagInjectionSuspected(TenantId tenant, String sessionId, Instant at) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public void recordTrustedValues(
        TenantId tenant, String sessionId, java.util.Set<String> fingerprints, Instant at) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public boolean allTraced(
        TenantId tenant, String sessionId, java.util.Set<String> fingerprints) {
      throw new IllegalStateException("database is down");
    }

    @Override
    public TaskAdmission startWithTask(
        TenantId tenant, String sessionId, java.util.Set<String> fingerprints, Instant at) {
      throw new IllegalStateException("database is down");
    }
  }
}
