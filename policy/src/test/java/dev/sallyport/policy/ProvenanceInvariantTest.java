package dev.sallyport.policy;

import static dev.sallyport.policy.PolicyFixture.NOW;
import static dev.sallyport.policy.PolicyFixture.TENANT;
import static dev.sallyport.policy.PolicyFixture.agent;
import static dev.sallyport.policy.PolicyFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The taint invariant's provenance exception and the injection flag: a tainted session's
 * consequential call goes ahead without approval only when every consequential argument traces to
 * trusted provenance, and never once the session is flagged.
 */
class ProvenanceInvariantTest {
  private static final Principal FINANCE = agent("finance-bot", "finance");
  private static final String SESSION = "session-1";
  private static final Map<String, Object> PAYMENT =
      Map.of("iban", "DE89370400440532013000", "amount", 120.5, "reference", "INV-1");

  private final InMemorySessionHistory history = new InMemorySessionHistory();

  private static PolicyFixture payments() {
    return new PolicyFixture()
        .tool("payments.pay", EffectClass.SPEND, List.of("iban", "amount"))
        .tool("payments.undeclared", EffectClass.SPEND)
        .tool("records.update", EffectClass.WRITE)
        .role("finance", "payments.*", "records.*")
        .rule("permit-payments", RuleEffect.PERMIT, "payments.*", null)
        .rule("permit-records", RuleEffect.PERMIT, "records.*", null);
  }

  private Decision decide(PolicyFixture fixture, String tool, Map<String, Object> args) {
    return fixture.engine(history, new InMemoryKillSwitches()).decide(call(FINANCE, tool, args));
  }

  private void trust(Object... values) {
    Set<String> fingerprints = new LinkedHashSet<>();
    for (Object value : values) {
      fingerprints.addAll(ProvenanceValues.leafFingerprints(value));
    }
    history.recordTrustedValues(TENANT, SESSION, fingerprints, NOW);
  }

  @Test
  void aTaintedSessionsPaymentWithTracedArgumentsGoesAhead() {
    history.markTainted(TENANT, SESSION, NOW);
    trust("DE89 3704 0044 0532 0130 00", "120.50");

    Decision decision = decide(payments(), "payments.pay", PAYMENT);

    assertThat(decision.outcome()).isEqualTo("allow");
  }

  @Test
  void oneUntracedConsequentialArgumentNeedsApproval() {
    history.markTainted(TENANT, SESSION, NOW);
    trust("DE89370400440532013000");

    Decision decision = decide(payments(), "payments.pay", PAYMENT);

    assertThat(decision.outcome()).isEqualTo("require_approval");
    assertThat(decision.ruleIds()).containsExactly("invariant.tainted_session");
    assertThat(decision.detail()).contains("iban, amount").doesNotContain("DE89");
  }

  @Test
  void anArgumentThatIsNotDeclaredConsequentialNeedNotBeTraced() {
    history.markTainted(TENANT, SESSION, NOW);
    trust("DE89370400440532013000", 120.5);

    // "reference" came from the untrusted content, but only iban and amount are consequential.
    assertThat(decide(payments(), "payments.pay", PAYMENT).outcome()).isEqualTo("allow");
  }

  @Test
  void withoutADeclarationEveryArgumentIsConsequential() {
    history.markTainted(TENANT, SESSION, NOW);
    trust("DE89370400440532013000", 120.5);

    assertThat(decide(payments(), "payments.undeclared", PAYMENT).outcome())
        .isEqualTo("require_approval");

    trust("inv-1");
    assertThat(decide(payments(), "payments.undeclared", PAYMENT).outcome()).isEqualTo("allow");
  }

  @Test
  void aCallWithNothingToTraceGetsNoException() {
    history.markTainted(TENANT, SESSION, NOW);
    trust("DE89370400440532013000");

    Decision decision = decide(payments(), "payments.undeclared", Map.of());

    assertThat(decision.outcome()).isEqualTo("require_approval");
  }

  @Test
  void nestedArgumentValuesMustAllBeTraced() {
    history.markTainted(TENANT, SESSION, NOW);
    trust("a@acme.example");
    Map<String, Object> args =
        Map.of("iban", List.of("a@acme.example", "evil@attacker.example"), "amount", 1);
    trust(1);

    assertThat(decide(payments(), "payments.pay", args).outcome()).isEqualTo("require_approval");
  }

  @Test
  void anUntaintedSessionNeedsNoTracing() {
    assertThat(decide(payments(), "payments.pay", PAYMENT).outcome()).isEqualTo("allow");
  }

  @Test
  void aSessionFlaggedForInjectionGetsNoExceptionEvenWithTracedArguments() {
    history.markTainted(TENANT, SESSION, NOW);
    history.flagInjectionSuspected(TENANT, SESSION, NOW);
    trust("DE89370400440532013000", 120.5);

    Decision decision = decide(payments(), "payments.pay", PAYMENT);

    assertThat(decision.outcome()).isEqualTo("require_approval");
    assertThat(decision.ruleIds()).containsExactly("invariant.prompt_injection_suspected");
    assertThat(((Decision.RequireApproval) decision).approverGroups())
        .containsExactly("security-approvers");
  }

  @Test
  void approvalSatisfiesTheSessionGuards() {
    history.markTainted(TENANT, SESSION, NOW);
    history.flagInjectionSuspected(TENANT, SESSION, NOW);

    Decision decision =
        payments()
            .engine(history, new InMemoryKillSwitches())
            .decideApproved(call(FINANCE, "payments.pay", PAYMENT));

    assertThat(decision.outcome()).isEqualTo("allow");
  }

  @Test
  void writeToolsAreCoveredOnlyWhenTheTenantSaysSo() {
    history.markTainted(TENANT, SESSION, NOW);
    Map<String, Object> args = Map.of("id", "R-1");

    assertThat(decide(payments(), "records.update", args).outcome()).isEqualTo("allow");
    assertThat(decide(payments().writeIsConsequential(), "records.update", args).outcome())
        .isEqualTo("require_approval");
  }

  @Test
  void theFlagIsAPolicyVariable() {
    PolicyFixture fixture =
        payments()
            .rule(
                "no-records-after-injection",
                RuleEffect.FORBID,
                "records.update",
                "session.prompt_injection_suspected == true");

    assertThat(decide(fixture, "records.update", Map.of()).outcome()).isEqualTo("allow");
    history.flagInjectionSuspected(TENANT, SESSION, NOW);
    assertThat(decide(fixture, "records.update", Map.of()).outcome()).isEqualTo("deny");
  }

  @Test
  void deniesWhenTheProvenanceLookupFails() {
    InMemorySessionHistory tainted = new InMemorySessionHistory();
    tainted.markTainted(TENANT, SESSION, NOW);
    SessionHistory failingLookup =
        new ForwardingHistory(tainted) {
          @Override
          public boolean allTraced(TenantId tenant, String sessionId, Set<String> fingerprints) {
            throw new IllegalStateException("database is down");
          }
        };

    Decision decision =
        payments()
            .engine(failingLookup, new InMemoryKillSwitches())
            .decide(call(FINANCE, "payments.pay", PAYMENT));

    assertThat(decision.outcome()).isEqualTo("deny");
    assertThat(decision.reason()).isEqualTo("evaluation_error");
  }

  @Test
  void deniesWhenTheInjectionFlagLookupFails() {
    SessionHistory failingFlag =
        new ForwardingHistory(new InMemorySessionHistory()) {
          @Override
          public boolean injectionSuspected(TenantId tenant, String sessionId) {
            throw new IllegalStateException("database is down");
          }
        };

    Decision decision =
        payments()
            .engine(failingFlag, new InMemoryKillSwitches())
            .decide(call(FINANCE, "payments.pay", PAYMENT));

    assertThat(decision.reason()).isEqualTo("evaluation_error");
  }

  @Test
  void theTaskIsAcceptedOnlyAsTheFirstThingInAnUntaintedSession() {
    Set<String> values = ProvenanceValues.leafFingerprints("pay S-1");
    assertThat(history.startWithTask(TENANT, "fresh", values, NOW))
        .isEqualTo(SessionHistory.TaskAdmission.ACCEPTED);
    assertThat(history.startWithTask(TENANT, "fresh", values, NOW))
        .isEqualTo(SessionHistory.TaskAdmission.TASK_ALREADY_GIVEN);

    history.recordCall(TENANT, "used", "invoices.list", Map.of(), NOW);
    assertThat(history.startWithTask(TENANT, "used", values, NOW))
        .isEqualTo(SessionHistory.TaskAdmission.SESSION_ALREADY_STARTED);

    history.markTainted(TENANT, "tainted", NOW);
    assertThat(history.startWithTask(TENANT, "tainted", values, NOW))
        .isEqualTo(SessionHistory.TaskAdmission.TAINTED);
    assertThat(history.allTraced(TENANT, "tainted", values)).isFalse();
  }

  /** Forwards every method, so a test overrides only the one that fails. */
  private static class ForwardingHistory implements SessionHistory {
    private final SessionHistory delegate;

    ForwardingHistory(SessionHistory delegate) {
      this.delegate = delegate;
    }

    @Override
    public long calls(TenantId tenant, String sessionId, String tool, Instant since) {
      return delegate.calls(tenant, sessionId, tool, since);
    }

    @Override
    public double sum(
        TenantId tenant, String sessionId, String tool, String argument, Instant since) {
      return delegate.sum(tenant, sessionId, tool, argument, since);
    }

    @Override
    public boolean approved(TenantId tenant, String sessionId, String kind) {
      return delegate.approved(tenant, sessionId, kind);
    }

    @Override
    public boolean tainted(TenantId tenant, String sessionId) {
      return delegate.tainted(tenant, sessionId);
    }

    @Override
    public void recordCall(
        TenantId tenant, String sessionId, String tool, Map<String, Object> arguments, Instant at) {
      delegate.recordCall(tenant, sessionId, tool, arguments, at);
    }

    @Override
    public void recordApproval(TenantId tenant, String sessionId, String kind, Instant at) {
      delegate.recordApproval(tenant, sessionId, kind, at);
    }

    @Override
    public void markTainted(TenantId tenant, String sessionId, Instant at) {
      delegate.markTainted(tenant, sessionId, at);
    }

    @Override
    public boolean injectionSuspected(TenantId tenant, String sessionId) {
      return delegate.injectionSuspected(tenant, sessionId);
    }

    @Override
    public void flagInjectionSuspected(TenantId tenant, String sessionId, Instant at) {
      delegate.flagInjectionSuspected(tenant, sessionId, at);
    }

    @Override
    public void recordTrustedValues(
        TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
      delegate.recordTrustedValues(tenant, sessionId, fingerprints, at);
    }

    @Override
    public boolean allTraced(TenantId tenant, String sessionId, Set<String> fingerprints) {
      return delegate.allTraced(tenant, sessionId, fingerprints);
    }

    @Override
    public TaskAdmission startWithTask(
        TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
      return delegate.startWithTask(tenant, sessionId, fingerprints, at);
    }
  }
}
