package dev.sallyport.policy;

import static dev.sallyport.policy.PolicyFixture.TENANT;
import static dev.sallyport.policy.PolicyFixture.agent;
import static dev.sallyport.policy.PolicyFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every new agent starts in dry-run; only a recorded promotion lets it act. */
class NewAgentDryRunTest {
  private static final Principal BOT = agent("offboarding-bot", "it");

  private static PolicyFixture directory() {
    return new PolicyFixture()
        .tool("directory.disable_user", EffectClass.DESTRUCTIVE)
        .role("it", "directory.disable_user")
        .rule("permit-offboarding", RuleEffect.PERMIT, "directory.disable_user", null);
  }

  private static PolicyEngine engine(PolicyFixture fixture, AgentStandings standings) {
    return new PolicyEngine(
        Map.of(TENANT, fixture.policy()),
        new InMemorySessionHistory(),
        new InMemoryKillSwitches(),
        standings);
  }

  @Test
  void anAgentThatIsNotPromotedGetsADryRunAtMost() {
    Decision decision =
        engine(directory(), new InMemoryAgentStandings())
            .decide(call(BOT, "directory.disable_user", Map.of()));

    assertThat(decision).isInstanceOf(Decision.DryRun.class);
    assertThat(decision.ruleIds()).contains("invariant.new_agent");
    assertThat(decision.reason()).isEqualTo("new_agent");
  }

  @Test
  void aPromotedAgentRunsForReal() {
    InMemoryAgentStandings standings = new InMemoryAgentStandings();
    standings.promote(TENANT, "offboarding-bot");

    Decision decision =
        engine(directory(), standings).decide(call(BOT, "directory.disable_user", Map.of()));

    assertThat(decision).isInstanceOf(Decision.Allow.class);
  }

  @Test
  void aPromotionDoesNotLiftAConfiguredDryRun() {
    InMemoryAgentStandings standings = new InMemoryAgentStandings();
    standings.promote(TENANT, "offboarding-bot");

    Decision decision =
        engine(directory().dryRun("offboarding-bot"), standings)
            .decide(call(BOT, "directory.disable_user", Map.of()));

    assertThat(decision).isInstanceOf(Decision.DryRun.class);
    assertThat(decision.ruleIds()).contains("invariant.dry_run_mode");
  }

  @Test
  void aDenyStillWinsOverTheNewAgentDryRun() {
    Decision decision =
        engine(directory(), new InMemoryAgentStandings())
            .decide(call(agent("offboarding-bot"), "directory.disable_user", Map.of()));

    assertThat(decision).isInstanceOf(Decision.Deny.class);
  }

  @Test
  void peopleAreNotNewAgents() {
    Principal person =
        new Principal(TENANT, "irene@acme.example", PrincipalKind.HUMAN, Set.of("it"), Set.of());

    Decision decision =
        engine(directory(), new InMemoryAgentStandings())
            .decide(call(person, "directory.disable_user", Map.of()));

    assertThat(decision).isInstanceOf(Decision.Allow.class);
  }

  @Test
  void deniesWhenTheStandingCannotBeRead() {
    AgentStandings broken =
        (tenant, agent, now) -> {
          throw new IllegalStateException("database gone");
        };

    Decision decision =
        engine(directory(), broken).decide(call(BOT, "directory.disable_user", Map.of()));

    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.reason()).isEqualTo("evaluation_error");
  }
}
