package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Decision;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import dev.sallyport.model.ToolCall;
import java.util.List;
import java.util.Map;

/**
 * Decides tool calls: platform invariants, then role grants, then the tenant's rules, and returns
 * the most restrictive outcome. Any failure anywhere, an exception from a condition, the session
 * store or a kill-switch lookup included, is a deny with reason {@code evaluation_error}.
 */
public final class PolicyEngine {
  private final Map<TenantId, TenantPolicy> policies;
  private final SessionHistory history;
  private final KillSwitches killSwitches;
  private final AgentStandings standings;
  private final PlatformInvariants invariants = new PlatformInvariants();

  /**
   * @param standings which agents an administrator has promoted out of their first dry run
   */
  public PolicyEngine(
      Map<TenantId, TenantPolicy> policies,
      SessionHistory history,
      KillSwitches killSwitches,
      AgentStandings standings) {
    this.policies = Map.copyOf(policies);
    this.history = requireNonNull(history, "history is null");
    this.killSwitches = requireNonNull(killSwitches, "killSwitches is null");
    this.standings = requireNonNull(standings, "standings is null");
  }

  /** The policy version a call of this tenant is decided under, or "none". */
  public String policyVersion(TenantId tenant) {
    TenantPolicy policy = policies.get(tenant);
    return policy == null ? "none" : policy.version();
  }

  /**
   * The catalogued tool of a tenant.
   *
   * @throws IllegalArgumentException when the tenant or the tool is unknown
   */
  public Tool tool(TenantId tenant, String name) {
    TenantPolicy policy = policies.get(tenant);
    if (policy == null) {
      throw new IllegalArgumentException("unknown tenant");
    }
    return policy
        .tool(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown tool " + name));
  }

  /** Decides {@code call}. Never throws; never allows on an error. */
  public Decision decide(ToolCall call) {
    return decide(call, false);
  }

  /**
   * Decides a call that people have approved: every approval requirement counts as met, and the
   * rest stands — a kill switch or a forbid still denies, and a dry-run agent still only gets a dry
   * run, so an approval never turns a call into more than policy would otherwise allow.
   */
  public Decision decideApproved(ToolCall call) {
    return decide(call, true);
  }

  @SuppressWarnings("CatchingUnchecked")
  private Decision decide(ToolCall call, boolean approved) {
    try {
      return decideOrThrow(call, approved);
    } catch (RuntimeException | StackOverflowError e) {
      return new Decision.Deny(
          List.of("invariant.evaluation_error"),
          "evaluation_error",
          "policy evaluation failed: " + describe(e));
    }
  }

  private Decision decideOrThrow(ToolCall call, boolean approved) {
    TenantPolicy policy = policies.get(call.tenant());
    if (policy == null) {
      return Decision.deny("invariant.unknown_tenant", "unknown_tenant", "no policy for tenant");
    }
    Decision decision = invariants.check(call, policy, history, killSwitches, standings, approved);
    if (decision instanceof Decision.Deny) {
      return decision;
    }
    Decision granted = policy.grants().decide(call.principal(), call.toolName());
    if (granted instanceof Decision.Deny) {
      return granted;
    }
    Tool tool = policy.tools().get(call.toolName());
    Decision ruled = policy.rules().decide(new EvaluationContext(call, tool, history), tool.name());
    if (approved && ruled instanceof Decision.RequireApproval satisfied) {
      // Rules ask for approval only after a permit matched: met, it is that permit.
      ruled = new Decision.Allow(satisfied.ruleIds(), "approved", "approved by people");
    }
    return Decision.mostRestrictive(Decision.mostRestrictive(decision, ruled), granted);
  }

  /** Names the failure without echoing values that may come from the arguments. */
  private static String describe(Throwable e) {
    if (e instanceof ConditionEvaluationException c) {
      return c.getMessage();
    }
    return e.getClass().getSimpleName();
  }
}
