package dev.sallyport.policy;

import static dev.sallyport.policy.PolicyFixture.NOW;
import static dev.sallyport.policy.PolicyFixture.TENANT;
import static dev.sallyport.policy.PolicyFixture.agent;
import static dev.sallyport.policy.PolicyFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.ArgumentsSchema;
import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
  private static final Principal FINANCE = agent("finance-bot", "finance");

  private static PolicyFixture payments() {
    return new PolicyFixture()
        .tool("payments.pay", EffectClass.SPEND)
        .tool("invoices.list", EffectClass.READ)
        .tool("mail.send", EffectClass.EXTERNAL_SEND)
        .role("finance", "payments.*", "invoices.list", "mail.send")
        .role("analyst", "invoices.list", "mail.send")
        .readOnly("analyst")
        .rule("permit-pay", RuleEffect.PERMIT, "payments.pay", "args.currency == 'EUR'")
        .rule("permit-reads", RuleEffect.PERMIT, "invoices.list", null)
        .rule("permit-mail", RuleEffect.PERMIT, "mail.send", null)
        .rule(
            "approve-big",
            RuleEffect.REQUIRE_APPROVAL,
            "payments.pay",
            "args.amount > 5000",
            "finance-leads");
  }

  @Test
  void allowsWhenAPermitMatchesAndARoleGrantsTheTool() {
    Decision decision =
        payments()
            .engine()
            .decide(call(FINANCE, "payments.pay", Map.of("amount", 10, "currency", "EUR")));

    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(decision.ruleIds()).containsExactly("permit-pay", "grant.role.finance");
  }

  @Test
  void deniesWhenNoPermitMatches() {
    Decision decision =
        payments()
            .engine()
            .decide(call(FINANCE, "payments.pay", Map.of("amount", 10, "currency", "USD")));

    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.reason()).isEqualTo("no_permit");
    assertThat(decision.ruleIds()).containsExactly("default.no_permit");
  }

  @Test
  void matchesUsesThePatternCompiledAtLoadInBothForms() {
    PolicyFixture fixture =
        payments()
            .rule("no-urgent", RuleEffect.FORBID, "mail.send", "args.subject.matches('(?i)urgent')")
            .rule("no-wire", RuleEffect.FORBID, "mail.send", "matches(args.subject, '^wire ')");
    PolicyEngine engine = fixture.engine();

    assertThat(engine.decide(call(FINANCE, "mail.send", Map.of("subject", "Re: URGENT"))).ruleIds())
        .containsExactly("no-urgent");
    assertThat(engine.decide(call(FINANCE, "mail.send", Map.of("subject", "wire now"))).ruleIds())
        .containsExactly("no-wire");
    assertThat(engine.decide(call(FINANCE, "mail.send", Map.of("subject", "invoice"))).outcome())
        .isEqualTo("allow");
    // A subject that is not a string is an evaluation error: deny, never "no match".
    assertThat(engine.decide(call(FINANCE, "mail.send", Map.of("subject", 7))).reason())
        .isEqualTo("evaluation_error");
  }

  @Test
  void anApprovedCallIsAllowedButNeverMoreThanPolicyOtherwiseAllows() {
    ToolCall big = call(FINANCE, "payments.pay", Map.of("amount", 9000, "currency", "EUR"));

    assertThat(payments().engine().decide(big)).isInstanceOf(Decision.RequireApproval.class);
    assertThat(payments().engine().decideApproved(big)).isInstanceOf(Decision.Allow.class);
    // A dry-run agent stays in dry-run after approval.
    assertThat(payments().dryRun("finance-bot").engine().decideApproved(big))
        .isInstanceOf(Decision.DryRun.class);
    // A forbid still denies an approved call.
    assertThat(
            payments()
                .rule("no-big", RuleEffect.FORBID, "payments.pay", "args.amount > 8000")
                .engine()
                .decideApproved(big))
        .isInstanceOf(Decision.Deny.class);
  }

  @Test
  void forbidWinsOverPermit() {
    PolicyFixture fixture =
        payments().rule("no-weekend", RuleEffect.FORBID, "payments.pay", "args.amount > 1");

    Decision decision =
        fixture
            .engine()
            .decide(call(FINANCE, "payments.pay", Map.of("amount", 10, "currency", "EUR")));

    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.ruleIds()).containsExactly("no-weekend");
    assertThat(decision.detail()).isEqualTo("because no-weekend");
  }

  @Test
  void requireApprovalNamesItsRuleAndApprovers() {
    Decision decision =
        payments()
            .engine()
            .decide(call(FINANCE, "payments.pay", Map.of("amount", 5000.01, "currency", "EUR")));

    assertThat(decision)
        .isInstanceOfSatisfying(
            Decision.RequireApproval.class,
            r -> assertThat(r.approverGroups()).containsExactly("finance-leads"));
    assertThat(decision.ruleIds()).containsExactly("approve-big");
  }

  @Test
  void limitsAreExactAtTheBoundary() {
    PolicyEngine engine = payments().engine();
    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 4999.99, "currency", "EUR")))
                .outcome())
        .isEqualTo("allow");
    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 5000, "currency", "EUR")))
                .outcome())
        .isEqualTo("allow");
    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 5001, "currency", "EUR")))
                .outcome())
        .isEqualTo("require_approval");
  }

  @Test
  void deniesAToolThatIsNotInTheCatalogue() {
    Decision decision = payments().engine().decide(call(FINANCE, "payments.refund", Map.of()));

    assertThat(decision.ruleIds()).containsExactly("invariant.unknown_tool");
  }

  @Test
  void deniesArgumentsThatDoNotMatchTheSchema() {
    ArgumentsSchema schema =
        new ArgumentsSchema(
            Map.of(
                "type",
                "object",
                "properties",
                Map.of("amount", Map.of("type", "number")),
                "required",
                java.util.List.of("amount"),
                "additionalProperties",
                false));
    PolicyFixture fixture =
        new PolicyFixture()
            .tool("payments.pay", EffectClass.SPEND, schema)
            .role("finance", "payments.pay")
            .rule("permit-pay", RuleEffect.PERMIT, "payments.pay", null);

    Decision decision =
        fixture.engine().decide(call(FINANCE, "payments.pay", Map.of("amount", "lots")));

    assertThat(decision.ruleIds()).containsExactly("invariant.invalid_arguments");
    assertThat(decision.detail()).contains("$.amount: expected number, got string");
  }

  @Test
  void aReadOnlyRoleMayNotCallAnythingButReadTools() {
    Principal analyst = agent("analyst-bot", "analyst");
    PolicyEngine engine = payments().engine();

    assertThat(engine.decide(call(analyst, "invoices.list", Map.of())).outcome())
        .isEqualTo("allow");
    Decision decision = engine.decide(call(analyst, "mail.send", Map.of()));
    assertThat(decision.ruleIds()).containsExactly("invariant.read_only_role");
  }

  @Test
  void aReadOnlyRoleRestrictsEvenWhenAnotherRoleWouldAllow() {
    Principal mixed = agent("mixed-bot", "analyst", "finance");

    Decision decision = payments().engine().decide(call(mixed, "mail.send", Map.of()));

    assertThat(decision.ruleIds()).containsExactly("invariant.read_only_role");
  }

  @Test
  void deniesAPrincipalWithoutRoles() {
    Decision decision =
        payments().engine().decide(call(agent("nobody"), "invoices.list", Map.of()));

    assertThat(decision.ruleIds()).containsExactly("grant.missing_role");
  }

  @Test
  void deniesAToolTheRolesDoNotGrant() {
    Principal analyst = agent("analyst-bot", "analyst");

    Decision decision =
        payments()
            .engine()
            .decide(call(analyst, "payments.pay", Map.of("amount", 1, "currency", "EUR")));

    assertThat(decision.outcome()).isEqualTo("deny");
  }

  @Test
  void aTaintedSessionNeedsApprovalForConsequentialToolsOnly() {
    InMemorySessionHistory history = new InMemorySessionHistory();
    history.markTainted(TENANT, "session-1", NOW);
    PolicyEngine engine = payments().engine(history, new InMemoryKillSwitches());

    Decision pay =
        engine.decide(call(FINANCE, "payments.pay", Map.of("amount", 1, "currency", "EUR")));
    Decision read = engine.decide(call(FINANCE, "invoices.list", Map.of()));

    assertThat(pay.ruleIds()).contains("invariant.tainted_session");
    assertThat(pay.outcome()).isEqualTo("require_approval");
    assertThat(read.outcome()).isEqualTo("allow");
  }

  @Test
  void aTaintedSessionStillGetsDeniedWhenNoPermitMatches() {
    InMemorySessionHistory history = new InMemorySessionHistory();
    history.markTainted(TENANT, "session-1", NOW);

    Decision decision =
        payments()
            .engine(history, new InMemoryKillSwitches())
            .decide(call(FINANCE, "payments.pay", Map.of("amount", 1, "currency", "USD")));

    assertThat(decision.outcome()).isEqualTo("deny");
  }

  @Test
  void aDryRunAgentGetsADryRunButADenyStaysADeny() {
    PolicyEngine engine = payments().dryRun("finance-bot").engine();

    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 1, "currency", "EUR")))
                .outcome())
        .isEqualTo("dry_run");
    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 1, "currency", "USD")))
                .outcome())
        .isEqualTo("deny");
    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 9000, "currency", "EUR")))
                .outcome())
        .isEqualTo("require_approval");
  }

  @Test
  void aPulledKillSwitchDeniesPrincipalTenantAndPlatform() {
    InMemoryKillSwitches agentSwitch = new InMemoryKillSwitches();
    agentSwitch.pullPrincipal(TENANT, "finance-bot");
    InMemoryKillSwitches tenantSwitch = new InMemoryKillSwitches();
    tenantSwitch.pullTenant(TENANT);
    InMemoryKillSwitches platformSwitch = new InMemoryKillSwitches();
    platformSwitch.pullPlatform();

    for (InMemoryKillSwitches kills :
        java.util.List.of(agentSwitch, tenantSwitch, platformSwitch)) {
      Decision decision =
          payments()
              .engine(new InMemorySessionHistory(), kills)
              .decide(call(FINANCE, "invoices.list", Map.of()));
      assertThat(decision.ruleIds()).containsExactly("invariant.kill_switch");
    }
    Decision other =
        payments()
            .engine(new InMemorySessionHistory(), agentSwitch)
            .decide(call(agent("other-bot", "finance"), "invoices.list", Map.of()));
    assertThat(other.outcome()).isEqualTo("allow");
  }

  @Test
  void deniesATenantWithoutPolicy() {
    Principal stranger =
        new Principal(
            TenantId.of("other"),
            "x",
            dev.sallyport.model.PrincipalKind.AGENT,
            java.util.Set.of("finance"),
            java.util.Set.of());

    Decision decision = payments().engine().decide(call(stranger, "invoices.list", Map.of()));

    assertThat(decision.ruleIds()).containsExactly("invariant.unknown_tenant");
  }

  @Test
  void countsCallsInASlidingWindow() {
    InMemorySessionHistory history = new InMemorySessionHistory();
    PolicyFixture fixture =
        payments()
            .rule(
                "rate",
                RuleEffect.FORBID,
                "payments.pay",
                "session.calls('payments.pay', duration('1h')) >= 2");
    PolicyEngine engine = fixture.engine(history, new InMemoryKillSwitches());
    Map<String, Object> args = Map.of("amount", 1, "currency", "EUR");

    history.recordCall(
        TENANT, "session-1", "payments.pay", args, NOW.minus(Duration.ofMinutes(61)));
    history.recordCall(
        TENANT, "session-1", "payments.pay", args, NOW.minus(Duration.ofMinutes(30)));
    assertThat(engine.decide(call(FINANCE, "payments.pay", args)).outcome()).isEqualTo("allow");

    history.recordCall(TENANT, "session-1", "payments.pay", args, NOW.minus(Duration.ofMinutes(1)));
    assertThat(engine.decide(call(FINANCE, "payments.pay", args)).ruleIds())
        .containsExactly("rate");
  }

  @Test
  void sumsAnArgumentAcrossTheSessionAndKeepsSessionsApart() {
    InMemorySessionHistory history = new InMemorySessionHistory();
    PolicyFixture fixture =
        payments()
            .rule(
                "total",
                RuleEffect.REQUIRE_APPROVAL,
                "payments.pay",
                "session.sum('payments.pay', 'amount', duration('24h')) + double(args.amount) > 1000.0");
    PolicyEngine engine = fixture.engine(history, new InMemoryKillSwitches());
    history.recordCall(
        TENANT, "session-1", "payments.pay", Map.of("amount", 900), NOW.minus(Duration.ofHours(2)));
    history.recordCall(
        TENANT,
        "session-2",
        "payments.pay",
        Map.of("amount", 5000),
        NOW.minus(Duration.ofHours(2)));

    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 100, "currency", "EUR")))
                .outcome())
        .isEqualTo("allow");
    assertThat(
            engine
                .decide(call(FINANCE, "payments.pay", Map.of("amount", 100.5, "currency", "EUR")))
                .ruleIds())
        .containsExactly("total");
  }

  @Test
  void knowsWhetherAnApprovalHappenedEarlierInTheSession() {
    InMemorySessionHistory history = new InMemorySessionHistory();
    PolicyFixture fixture =
        payments()
            .rule(
                "after-approval",
                RuleEffect.FORBID,
                "mail.send",
                "!session.approved('approve-big')");
    PolicyEngine engine = fixture.engine(history, new InMemoryKillSwitches());

    assertThat(engine.decide(call(FINANCE, "mail.send", Map.of())).ruleIds())
        .containsExactly("after-approval");
    history.recordApproval(TENANT, "session-1", "approve-big", NOW);
    assertThat(engine.decide(call(FINANCE, "mail.send", Map.of())).outcome()).isEqualTo("allow");
  }

  @Test
  void seesThePrincipalToolAndTimeInConditions() {
    PolicyFixture fixture =
        payments()
            .rule(
                "office-hours",
                RuleEffect.FORBID,
                "invoices.list",
                "request.time.getHours('Europe/Berlin') < 7 || principal.id != 'finance-bot' || tool.effect != 'read'"
                    + " || !('finance' in principal.roles) || tenant.id != 'acme' || session.id != 'session-1'");

    assertThat(fixture.engine().decide(call(FINANCE, "invoices.list", Map.of())).outcome())
        .isEqualTo("allow");
    Decision early =
        fixture
            .engine()
            .decide(
                new dev.sallyport.model.ToolCall(
                    "a",
                    FINANCE,
                    "invoices.list",
                    Map.of(),
                    "session-1",
                    Instant.parse("2026-01-05T05:00:00Z")));
    assertThat(early.ruleIds()).containsExactly("office-hours");
  }

  @Test
  void handlesJsonNullInArguments() {
    PolicyFixture fixture =
        payments().rule("null-ref", RuleEffect.FORBID, "mail.send", "args.ref == null");
    Map<String, Object> args = new java.util.HashMap<>();
    args.put("ref", null);

    assertThat(fixture.engine().decide(call(FINANCE, "mail.send", args)).ruleIds())
        .containsExactly("null-ref");
  }
}
