package dev.sallyport.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of the policy stage for one tool call. Switch over it exhaustively; there is no
 * default case that could turn into an allow.
 *
 * <p>Every decision carries the ids of the rules that produced it, a stable machine-readable {@code
 * reason} (for example {@code evaluation_error} or {@code no_permit}) and a human-readable {@code
 * detail}. Restrictiveness orders the cases: deny &gt; require_approval &gt; dry_run &gt; allow.
 */
public sealed interface Decision
    permits Decision.Allow, Decision.Deny, Decision.RequireApproval, Decision.DryRun {

  List<String> ruleIds();

  String reason();

  String detail();

  /** Higher is more restrictive. */
  int restrictiveness();

  /** The name used on the wire and in policy tests: allow, deny, require_approval, dry_run. */
  String outcome();

  record Allow(List<String> ruleIds, String reason, String detail) implements Decision {
    public Allow {
      ruleIds = checked(ruleIds, reason, detail);
    }

    @Override
    public int restrictiveness() {
      return 0;
    }

    @Override
    public String outcome() {
      return "allow";
    }
  }

  record DryRun(List<String> ruleIds, String reason, String detail) implements Decision {
    public DryRun {
      ruleIds = checked(ruleIds, reason, detail);
    }

    @Override
    public int restrictiveness() {
      return 1;
    }

    @Override
    public String outcome() {
      return "dry_run";
    }
  }

  /**
   * @param approverGroups the approver groups named by the rules that asked for approval; empty
   *     means the tenant's default approvers
   */
  record RequireApproval(
      List<String> ruleIds, String reason, String detail, List<String> approverGroups)
      implements Decision {
    public RequireApproval {
      ruleIds = checked(ruleIds, reason, detail);
      approverGroups = List.copyOf(approverGroups);
    }

    @Override
    public int restrictiveness() {
      return 2;
    }

    @Override
    public String outcome() {
      return "require_approval";
    }
  }

  record Deny(List<String> ruleIds, String reason, String detail) implements Decision {
    public Deny {
      ruleIds = checked(ruleIds, reason, detail);
    }

    @Override
    public int restrictiveness() {
      return 3;
    }

    @Override
    public String outcome() {
      return "deny";
    }
  }

  static Deny deny(String ruleId, String reason, String detail) {
    return new Deny(List.of(ruleId), reason, detail);
  }

  /**
   * The more restrictive of two decisions. On a tie the rule ids of both are kept, so a decision
   * names every rule that produced it; approver groups of two approvals are merged.
   */
  static Decision mostRestrictive(Decision a, Decision b) {
    if (a.restrictiveness() != b.restrictiveness()) {
      return a.restrictiveness() > b.restrictiveness() ? a : b;
    }
    if (b.ruleIds().isEmpty()) {
      return a;
    }
    if (a.ruleIds().isEmpty()) {
      return b;
    }
    List<String> rules = mergedRuleIds(a.ruleIds(), b.ruleIds());
    return switch (a) {
      case Allow x -> new Allow(rules, x.reason(), x.detail());
      case DryRun x -> new DryRun(rules, x.reason(), x.detail());
      case Deny x -> new Deny(rules, x.reason(), x.detail());
      case RequireApproval x -> {
        List<String> groups = new ArrayList<>(x.approverGroups());
        if (b instanceof RequireApproval y) {
          for (String group : y.approverGroups()) {
            if (!groups.contains(group)) {
              groups.add(group);
            }
          }
        }
        yield new RequireApproval(rules, x.reason(), x.detail(), groups);
      }
    };
  }

  /** The ids of both, each once, in order; the common case (one id each) allocates no array. */
  private static List<String> mergedRuleIds(List<String> a, List<String> b) {
    if (a.size() == 1 && b.size() == 1) {
      return a.get(0).equals(b.get(0)) ? a : List.of(a.get(0), b.get(0));
    }
    List<String> rules = new ArrayList<>(a.size() + b.size());
    rules.addAll(a);
    for (String rule : b) {
      if (!a.contains(rule)) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private static List<String> checked(List<String> ruleIds, String reason, String detail) {
    requireNonNull(reason, "reason is null");
    requireNonNull(detail, "detail is null");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason is blank");
    }
    return List.copyOf(ruleIds);
  }
}
