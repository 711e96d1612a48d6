package dev.sallyport.config;

import dev.sallyport.model.Decision;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.ToolCall;
import dev.sallyport.policy.InMemoryAgentStandings;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.policy.InMemorySessionHistory;
import dev.sallyport.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs policy test cases against a loaded deployment, each in a fresh session seeded with the
 * case's history, and reports every difference between the expected and the actual decision.
 */
public final class PolicyTestRunner {

  /** The outcome of one case; {@code differences} is empty when it passed. */
  public record Result(PolicyTestCase testCase, Decision actual, List<String> differences) {
    public Result {
      differences = List.copyOf(differences);
    }

    public boolean passed() {
      return differences.isEmpty();
    }
  }

  public List<Result> run(Deployment deployment, List<PolicyTestCase> cases) {
    Map<TenantId, dev.sallyport.policy.TenantPolicy> policies = deployment.policies();
    List<Result> results = new ArrayList<>();
    // Policy tests describe established agents: promoted out of the dry run every new agent starts
    // in. Whether an agent is promoted is a fact of a running deployment, not of its policy.
    InMemoryAgentStandings standings = new InMemoryAgentStandings();
    deployment
        .tenants()
        .values()
        .forEach(
            tenant -> tenant.agents().keySet().forEach(a -> standings.promote(tenant.id(), a)));
    for (PolicyTestCase testCase : cases) {
      InMemorySessionHistory history = new InMemorySessionHistory();
      TenantId tenant = testCase.principal().tenant();
      String session = "policy-test";
      for (PolicyTestCase.PastCall past : testCase.history()) {
        history.recordCall(
            tenant,
            session,
            past.tool(),
            past.arguments(),
            testCase.at().minusSeconds(past.secondsAgo()));
      }
      for (String kind : testCase.approvals()) {
        history.recordApproval(tenant, session, kind, testCase.at());
      }
      if (testCase.tainted()) {
        history.markTainted(tenant, session, testCase.at());
      }
      PolicyEngine engine =
          new PolicyEngine(policies, history, new InMemoryKillSwitches(), standings);
      Decision actual =
          engine.decide(
              new ToolCall(
                  "policy-test",
                  testCase.principal(),
                  testCase.tool(),
                  testCase.arguments(),
                  session,
                  testCase.at()));
      results.add(new Result(testCase, actual, differences(testCase, actual)));
    }
    return results;
  }

  private static List<String> differences(PolicyTestCase expected, Decision actual) {
    List<String> out = new ArrayList<>();
    if (!expected.expectedDecision().equals(actual.outcome())) {
      out.add("decision: expected " + expected.expectedDecision() + ", got " + actual.outcome());
    }
    expected
        .expectedRule()
        .filter(rule -> !actual.ruleIds().contains(rule))
        .ifPresent(rule -> out.add("rule: expected " + rule + ", got " + actual.ruleIds()));
    expected
        .expectedReason()
        .filter(reason -> !reason.equals(actual.reason()))
        .ifPresent(reason -> out.add("reason: expected " + reason + ", got " + actual.reason()));
    return out;
  }
}
