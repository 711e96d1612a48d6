package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One tenant rule, compiled.
 *
 * @param id stable id, reported in decisions and the ledger
 * @param effect what the rule does when it matches
 * @param tools the tools it applies to
 * @param condition the compiled CEL condition; empty means the rule matches every call to its tools
 * @param detail the human-readable reason given to the caller and approvers
 * @param approverGroups for {@code require_approval}: who may approve
 */
public record Rule(
    String id,
    RuleEffect effect,
    List<ToolPattern> tools,
    Optional<Condition> condition,
    String detail,
    List<String> approverGroups) {
  public Rule {
    requireNonNull(id, "id is null");
    requireNonNull(effect, "effect is null");
    requireNonNull(condition, "condition is null");
    requireNonNull(detail, "detail is null");
    tools = List.copyOf(tools);
    approverGroups = List.copyOf(approverGroups);
    if (id.isBlank()) {
      throw new IllegalArgumentException("rule id is blank");
    }
    if (tools.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + " names no tools");
    }
  }

  public boolean appliesTo(String toolName) {
    for (ToolPattern pattern : tools) {
      if (pattern.matches(toolName)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the rule's condition holds. MUST propagate evaluation failures as exceptions: the
   * engine turns them into a deny, never into "does not match".
   */
  public boolean matches(EvaluationContext context) {
    return condition.isEmpty() || condition.get().evaluate(context);
  }
}
