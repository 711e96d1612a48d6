package dev.sallyport.policy;

import dev.sallyport.model.Decision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second layer: a tenant's rules, indexed per tool at load so a decision looks only at the
 * rules that name its tool.
 *
 * <p>Semantics: a matching {@code forbid} denies; without a matching {@code permit} the call is
 * denied; otherwise any matching {@code require_approval} asks for approval, else any matching
 * {@code dry_run} makes it a dry run, else it is allowed. {@code require_approval} and {@code
 * dry_run} only restrict: they never permit on their own.
 */
public final class TenantRules {
  private final List<Rule> rules;
  private final Map<String, ToolRules> byTool;

  /**
   * @param rules all rules, in file order
   * @param toolNames every tool of the catalogue, so that the index covers them all
   */
  public TenantRules(List<Rule> rules, Collection<String> toolNames) {
    this.rules = List.copyOf(rules);
    Map<String, ToolRules> index = new HashMap<>();
    for (String tool : toolNames) {
      index.put(tool, ToolRules.of(this.rules, tool));
    }
    this.byTool = Map.copyOf(index);
  }

  public List<Rule> rules() {
    return rules;
  }

  /**
   * Decides the call in {@code context}. MUST propagate condition failures: the engine denies on
   * them.
   */
  public Decision decide(EvaluationContext context, String toolName) {
    ToolRules applicable = byTool.get(toolName);
    if (applicable == null) {
      return Decision.deny("default.no_permit", "no_permit", "no rule permits " + toolName);
    }
    List<Rule> forbids = applicable.forbids();
    for (int i = 0; i < forbids.size(); i++) {
      Rule rule = forbids.get(i);
      if (rule.matches(context)) {
        return new Decision.Deny(List.of(rule.id()), "forbidden", rule.detail());
      }
    }
    Decision.Allow permit = null;
    List<Rule> permits = applicable.permits();
    for (int i = 0; i < permits.size(); i++) {
      if (permits.get(i).matches(context)) {
        permit = applicable.permitDecisions().get(i);
        break;
      }
    }
    if (permit == null) {
      return Decision.deny("default.no_permit", "no_permit", "no rule permits " + toolName);
    }
    List<String> approvalRules = null;
    List<String> approvers = null;
    String approvalDetail = null;
    List<Rule> approvals = applicable.approvals();
    for (int i = 0; i < approvals.size(); i++) {
      Rule rule = approvals.get(i);
      if (rule.matches(context)) {
        if (approvalRules == null) {
          approvalRules = new ArrayList<>(2);
          approvers = new ArrayList<>(2);
          approvalDetail = rule.detail();
        }
        approvalRules.add(rule.id());
        for (String group : rule.approverGroups()) {
          if (!approvers.contains(group)) {
            approvers.add(group);
          }
        }
      }
    }
    if (approvalRules != null) {
      return new Decision.RequireApproval(
          approvalRules, "approval_required", approvalDetail, approvers);
    }
    List<Rule> dryRuns = applicable.dryRuns();
    for (int i = 0; i < dryRuns.size(); i++) {
      Rule rule = dryRuns.get(i);
      if (rule.matches(context)) {
        return new Decision.DryRun(List.of(rule.id()), "dry_run_rule", rule.detail());
      }
    }
    return permit;
  }

  /** The rules of one tool by effect; the allow of each permit is built once, here. */
  private record ToolRules(
      List<Rule> forbids,
      List<Rule> permits,
      List<Decision.Allow> permitDecisions,
      List<Rule> approvals,
      List<Rule> dryRuns) {
    static ToolRules of(List<Rule> rules, String tool) {
      List<Rule> forbids = new ArrayList<>();
      List<Rule> permits = new ArrayList<>();
      List<Rule> approvals = new ArrayList<>();
      List<Rule> dryRuns = new ArrayList<>();
      for (Rule rule : rules) {
        if (!rule.appliesTo(tool)) {
          continue;
        }
        switch (rule.effect()) {
          case FORBID -> forbids.add(rule);
          case PERMIT -> permits.add(rule);
          case REQUIRE_APPROVAL -> approvals.add(rule);
          case DRY_RUN -> dryRuns.add(rule);
        }
      }
      return new ToolRules(
          List.copyOf(forbids),
          List.copyOf(permits),
          permits.stream()
              .map(p -> new Decision.Allow(List.of(p.id()), "permitted", p.detail()))
              .toList(),
          List.copyOf(approvals),
          List.copyOf(dryRuns));
    }
  }
}
