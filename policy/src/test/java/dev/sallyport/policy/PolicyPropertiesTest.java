package dev.sallyport.policy;

import static dev.sallyport.policy.PolicyFixture.NOW;
import static dev.sallyport.policy.PolicyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the layered engine over randomly generated tenants and calls: restricting policy
 * can only restrict the outcome, and the outcome is never looser than any single layer.
 */
class PolicyPropertiesTest {
  private static final List<String> TOOLS =
      List.of("pay.supplier", "pay.refund", "mail.send", "crm.read", "dir.disable", "dir.list");
  private static final List<EffectClass> EFFECTS =
      List.of(
          EffectClass.SPEND,
          EffectClass.SPEND,
          EffectClass.EXTERNAL_SEND,
          EffectClass.READ,
          EffectClass.DESTRUCTIVE,
          EffectClass.READ);
  private static final List<String> CONDITIONS =
      List.of(
          "args.amount > 100",
          "args.amount <= 5000",
          "args.to.endsWith('@example.com')",
          "'finance' in principal.roles",
          "session.calls(tool.name, duration('1h')) >= 2",
          "session.tainted",
          "args.amount / args.divisor > 1",
          "args.missing == 1",
          "tool.effect == 'spend'");
  private static final List<String> ROLES = List.of("finance", "support", "it", "analyst");

  /** A random tenant, principal, session and call, all from one seed so failures reproduce. */
  private record Scenario(PolicyFixture fixture, InMemorySessionHistory history, ToolCall call) {}

  private static Scenario scenario(long seed) {
    Random random = new Random(seed);
    PolicyFixture fixture = new PolicyFixture();
    for (int i = 0; i < TOOLS.size(); i++) {
      fixture.tool(TOOLS.get(i), EFFECTS.get(i));
    }
    for (String role : ROLES) {
      fixture.role(
          role, TOOLS.get(random.nextInt(TOOLS.size())), random.nextBoolean() ? "pay.*" : "dir.*");
      if (random.nextInt(4) == 0) {
        fixture.readOnly(role);
      }
    }
    int ruleCount = 1 + random.nextInt(12);
    for (int i = 0; i < ruleCount; i++) {
      addRandomRule(fixture, random, "r" + i);
    }
    if (random.nextInt(5) == 0) {
      fixture.dryRun("agent");
    }
    InMemorySessionHistory history = new InMemorySessionHistory();
    if (random.nextInt(4) == 0) {
      history.markTainted(TENANT, "s", NOW);
    }
    String tool = TOOLS.get(random.nextInt(TOOLS.size()));
    for (int i = random.nextInt(4); i > 0; i--) {
      history.recordCall(
          TENANT, "s", tool, Map.of("amount", 10), NOW.minusSeconds(random.nextInt(7200)));
    }
    Principal principal = PolicyFixture.agent("agent", ROLES.get(random.nextInt(ROLES.size())));
    Map<String, Object> args =
        Map.of(
            "amount", random.nextInt(10_000),
            "divisor", random.nextInt(3),
            "to", random.nextBoolean() ? "a@example.com" : "b@evil.example");
    return new Scenario(fixture, history, new ToolCall("a", principal, tool, args, "s", NOW));
  }

  private static void addRandomRule(PolicyFixture fixture, Random random, String id) {
    RuleEffect effect = RuleEffect.values()[random.nextInt(RuleEffect.values().length)];
    String tool = random.nextInt(5) == 0 ? "*" : TOOLS.get(random.nextInt(TOOLS.size()));
    String condition =
        random.nextInt(3) == 0 ? null : CONDITIONS.get(random.nextInt(CONDITIONS.size()));
    fixture.rule(id, effect, tool, condition);
  }

  @Test
  void addingAForbidRuleNeverLoosensTheOutcome() {
    qt().withExamples(400)
        .forAll(longs().all())
        .checkAssert(seed -> {
          Scenario s = scenario(seed);
          Decision before =
              s.fixture().engine(s.history(), new InMemoryKillSwitches()).decide(s.call());
          Random random = new Random(~seed);
          String condition =
              random.nextBoolean() ? null : CONDITIONS.get(random.nextInt(CONDITIONS.size()));
          s.fixture()
              .rule(
                  "added-forbid",
                  RuleEffect.FORBID,
                  random.nextBoolean() ? "*" : s.call().toolName(),
                  condition);
          Decision after =
              s.fixture().engine(s.history(), new InMemoryKillSwitches()).decide(s.call());

          assertThat(after.restrictiveness()).isGreaterThanOrEqualTo(before.restrictiveness());
          if (before instanceof Decision.Deny) {
            assertThat(after).isInstanceOf(Decision.Deny.class);
          }
        });
  }

  @Test
  void theOutcomeIsNeverLessRestrictiveThanAnySingleLayer() {
    qt().withExamples(400)
        .forAll(longs().all())
        .checkAssert(seed -> {
          Scenario s = scenario(seed);
          TenantPolicy policy = s.fixture().policy();
          Decision combined =
              s.fixture().engine(s.history(), new InMemoryKillSwitches()).decide(s.call());

          Decision invariants =
              new PlatformInvariants()
                  .check(
                      s.call(),
                      policy,
                      s.history(),
                      new InMemoryKillSwitches(),
                      PolicyFixture.EVERY_AGENT_PROMOTED);
          Decision grants = policy.grants().decide(s.call().principal(), s.call().toolName());
          assertThat(combined.restrictiveness())
              .isGreaterThanOrEqualTo(invariants.restrictiveness());
          assertThat(combined.restrictiveness()).isGreaterThanOrEqualTo(grants.restrictiveness());
          Decision rules;
          try {
            rules =
                policy
                    .rules()
                    .decide(
                        new EvaluationContext(
                            s.call(), policy.tools().get(s.call().toolName()), s.history()),
                        s.call().toolName());
          } catch (RuntimeException e) {
            assertThat(combined).isInstanceOf(Decision.Deny.class);
            return;
          }
          assertThat(combined.restrictiveness()).isGreaterThanOrEqualTo(rules.restrictiveness());
        });
  }

  @Test
  void anAllowAlwaysNamesAPermitRuleAndARoleGrant() {
    qt().withExamples(400)
        .forAll(longs().all())
        .checkAssert(seed -> {
          Scenario s = scenario(seed);
          Decision decision =
              s.fixture().engine(s.history(), new InMemoryKillSwitches()).decide(s.call());
          if (decision instanceof Decision.Allow) {
            assertThat(decision.ruleIds()).anyMatch(id -> id.startsWith("r"));
            assertThat(decision.ruleIds()).anyMatch(id -> id.startsWith("grant.role."));
          }
        });
  }
}
