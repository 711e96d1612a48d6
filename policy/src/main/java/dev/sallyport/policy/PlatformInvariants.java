package dev.sallyport.policy;

import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Tool;
import dev.sallyport.model.ToolCall;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The first layer, in code and not configurable. Checked before the tenant's rules; a deny here
 * ends the decision.
 *
 * <ul>
 *   <li>a pulled kill switch (platform, tenant or principal) denies;
 *   <li>a tool that is not in the catalogue denies (every catalogued tool has an effect class, so
 *       an unclassified tool cannot get here);
 *   <li>arguments that do not satisfy the tool's schema deny;
 *   <li>a principal with a read-only role may call {@code read} tools only;
 *   <li>a session flagged {@code prompt_injection_suspected} needs approval for every consequential
 *       call;
 *   <li>a session that took in untrusted content needs approval for a consequential call, unless
 *       every consequential argument traces to trusted provenance (the session's trusted task or a
 *       trusted tool's output; see {@link ProvenanceValues});
 *   <li>an agent or tenant in dry-run mode gets a dry run at most;
 *   <li>an agent that no administrator has promoted yet gets a dry run at most: every new agent
 *       starts in dry-run, and only a recorded promotion lets it act (see {@link AgentStandings}).
 * </ul>
 */
public final class PlatformInvariants {

  /** The invariant outcome for the call: a decision, or allow when no invariant restricts it. */
  public Decision check(
      ToolCall call,
      TenantPolicy policy,
      SessionHistory history,
      KillSwitches kills,
      AgentStandings standings) {
    return check(call, policy, history, kills, standings, false);
  }

  /**
   * As above; {@code approved} is true for a call people have approved, which the taint invariant
   * has then been satisfied for. Every other invariant still applies, dry-run included.
   */
  public Decision check(
      ToolCall call,
      TenantPolicy policy,
      SessionHistory history,
      KillSwitches kills,
      AgentStandings standings,
      boolean approved) {
    if (kills.isKilled(call.tenant(), call.principal().id())) {
      return Decision.deny("invariant.kill_switch", "kill_switch", "a kill switch is pulled");
    }
    Tool tool = policy.tools().get(call.toolName());
    if (tool == null) {
      return Decision.deny(
          "invariant.unknown_tool", "unknown_tool", "the tool is not in the tenant's catalogue");
    }
    List<String> violations = tool.argumentsSchema().violations(call.arguments());
    if (!violations.isEmpty()) {
      return Decision.deny(
          "invariant.invalid_arguments", "invalid_arguments", String.join("; ", violations));
    }
    if (tool.effect() != EffectClass.READ && policy.grants().isReadOnly(call.principal())) {
      return Decision.deny(
          "invariant.read_only_role",
          "read_only_role",
          "a read-only role may call read tools only; "
              + tool.name()
              + " is "
              + tool.effect().configName());
    }
    // Asked for every agent's call that gets this far, even one that configuration keeps in
    // dry-run: its first such call starts the observation period before it may be promoted.
    boolean newAgent =
        call.principal().isAgent()
            && !standings.isPromoted(call.tenant(), call.principal().id(), call.requestedAt());
    if (!approved && isConsequential(tool, policy)) {
      Decision guarded = sessionGuards(call, tool, history, policy.guardApprovers());
      if (guarded != null) {
        return guarded;
      }
    }
    if (policy.dryRunTenant() || policy.dryRunAgents().contains(call.principal().id())) {
      return new Decision.DryRun(
          List.of("invariant.dry_run_mode"), "dry_run_mode", "the agent runs in dry-run mode");
    }
    if (newAgent) {
      return new Decision.DryRun(
          List.of("invariant.new_agent"),
          "new_agent",
          "the agent is new: it runs in dry-run until an administrator promotes it");
    }
    return ALLOWED;
  }

  /** {@code destructive}, {@code external_send}, {@code spend}; and {@code write} if configured. */
  private static boolean isConsequential(Tool tool, TenantPolicy policy) {
    return tool.effect().isConsequential()
        || (tool.effect() == EffectClass.WRITE && policy.writeIsConsequential());
  }

  /**
   * The session's guards for a consequential call: the injection flag first (no exception), then
   * the taint with its provenance exception. Null when neither restricts the call. A store that
   * cannot answer throws, which the engine turns into a deny.
   */
  private static Decision sessionGuards(
      ToolCall call, Tool tool, SessionHistory history, List<String> approvers) {
    if (history.injectionSuspected(call.tenant(), call.sessionId())) {
      return new Decision.RequireApproval(
          List.of("invariant.prompt_injection_suspected"),
          "prompt_injection_suspected",
          "the session read content the injection screen suspects; every consequential call needs"
              + " approval",
          approvers);
    }
    if (!history.tainted(call.tenant(), call.sessionId())) {
      return null;
    }
    List<String> names =
        tool.trust().consequentialArguments().orElse(List.copyOf(call.arguments().keySet()));
    Set<String> fingerprints = new LinkedHashSet<>();
    for (String name : names) {
      Object value = call.arguments().get(name);
      if (value != null) {
        fingerprints.addAll(ProvenanceValues.leafFingerprints(value));
      }
    }
    // Nothing to trace proves nothing: the exception needs at least one traced value.
    if (!fingerprints.isEmpty()
        && history.allTraced(call.tenant(), call.sessionId(), fingerprints)) {
      return null;
    }
    return new Decision.RequireApproval(
        List.of("invariant.tainted_session"),
        "tainted_session",
        "the session has taken in untrusted content and not every consequential argument ("
            + String.join(", ", names)
            + ") traces to trusted provenance; the call needs approval",
        approvers);
  }

  private static final Decision ALLOWED =
      new Decision.Allow(List.of(), "invariants_hold", "no platform invariant restricts the call");
}
