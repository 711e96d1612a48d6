package dev.sallyport.bench;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One generated rule, as it will be written to a policy file.
 *
 * @param id unique rule id
 * @param effect permit, forbid, require_approval or dry_run
 * @param tools tool names or patterns
 * @param when the CEL condition, or empty for an unconditional rule
 * @param approvers approver groups, for require_approval only
 */
record RuleSpec(
    String id, String effect, List<String> tools, Optional<String> when, List<String> approvers) {
  RuleSpec {
    requireNonNull(id, "id is null");
    requireNonNull(effect, "effect is null");
    requireNonNull(when, "when is null");
    tools = List.copyOf(tools);
    approvers = List.copyOf(approvers);
    if (!approvers.isEmpty() && !effect.equals("require_approval")) {
      throw new IllegalArgumentException("only require_approval rules name approvers");
    }
  }

  static RuleSpec of(String id, String effect, List<String> tools, String when) {
    return new RuleSpec(id, effect, tools, Optional.of(when), List.of());
  }

  static RuleSpec approval(String id, List<String> tools, String when, String approvers) {
    return new RuleSpec(id, "require_approval", tools, Optional.of(when), List.of(approvers));
  }
}
