package dev.sallyport.bench;

import java.util.List;
import java.util.Optional;

/**
 * The four rules every tool gets of its own, shaped by its effect class: a permit, a forbid, an
 * approval threshold and one more (a dry run, a second forbid or a session rate limit). Conditions
 * read only a tool's two required arguments directly and guard the optional ones with {@code
 * has()}, as a careful policy author would; a condition that reads a missing key is an evaluation
 * error, which the engine turns into a deny.
 */
final class ToolRulesGenerator {
  /** Rules per tool: 200 tools give 800 of the tenant's 1,000 rules. */
  static final int RULES_PER_TOOL = 4;

  List<RuleSpec> rulesFor(ToolSpec tool, int index) {
    String t = tool.name();
    List<String> tools = List.of(t);
    String approvers = tool.namespace() + "-approvers";
    String lead = "'" + tool.namespace() + "-lead' in principal.roles";
    // Varies the templates across tools, shifted per namespace so that verbs do not line up.
    int variant = (index + index / 10) % 3;
    return switch (tool.effect()) {
      case READ ->
          List.of(
              switch (variant) {
                case 0 -> new RuleSpec(t + ".permit", "permit", tools, Optional.empty(), List.of());
                case 1 -> RuleSpec.of(t + ".permit", "permit", tools, "args.limit <= 200");
                default ->
                    RuleSpec.of(
                        t + ".permit",
                        "permit",
                        tools,
                        "'" + tool.namespace() + "-agent' in principal.roles || " + lead);
              },
              RuleSpec.of(t + ".restricted", "forbid", tools, "args.id.startsWith('restricted-')"),
              RuleSpec.approval(t + ".bulk-read", tools, "args.limit > 400", approvers),
              variant == 0
                  ? RuleSpec.of(
                      t + ".archived-dry-run",
                      "dry_run",
                      tools,
                      "has(args.include_archived) && args.include_archived")
                  : RuleSpec.of(
                      t + ".secret-search",
                      "forbid",
                      tools,
                      "has(args.query) && args.query.lowerAscii().contains('password')"));
      case WRITE ->
          List.of(
              switch (variant) {
                case 0 -> new RuleSpec(t + ".permit", "permit", tools, Optional.empty(), List.of());
                case 1 ->
                    RuleSpec.of(
                        t + ".permit", "permit", tools, "args.priority != 'high' || " + lead);
                default -> RuleSpec.of(t + ".permit", "permit", tools, "principal.kind == 'agent'");
              },
              RuleSpec.of(
                  t + ".restricted",
                  "forbid",
                  tools,
                  "args.id.startsWith('restricted-')"
                      + " || (has(args.title) && args.title.contains('DROP TABLE'))"),
              RuleSpec.approval(t + ".high-priority", tools, "args.priority == 'high'", approvers),
              RuleSpec.of(t + ".test-dry-run", "dry_run", tools, "args.id.startsWith('test-')"));
      case DESTRUCTIVE ->
          List.of(
              RuleSpec.of(t + ".permit", "permit", tools, "args.reason.size() >= 10"),
              RuleSpec.of(
                  t + ".admins", "forbid", tools, "args.id.startsWith('adm-') && !(" + lead + ")"),
              RuleSpec.approval(t + ".approval", tools, "!args.id.startsWith('tmp-')", approvers),
              RuleSpec.of(
                  t + ".rate-limit",
                  "forbid",
                  tools,
                  "session.calls('" + t + "', duration('1h')) >= 20"));
      case EXTERNAL_SEND ->
          List.of(
              RuleSpec.of(
                  t + ".permit",
                  "permit",
                  tools,
                  switch (variant) {
                    case 0 -> "args.to.endsWith('.example')";
                    case 1 ->
                        "args.to.endsWith('@customer.example')"
                            + " || args.to.endsWith('@partner.example')";
                    default -> "args.to.lowerAscii().endsWith('.example')";
                  }),
              RuleSpec.of(
                  t + ".throwaway",
                  "forbid",
                  tools,
                  "args.to.lowerAscii().endsWith('@mailinator.com')"
                      + " || args.to.lowerAscii().endsWith('@guerrillamail.com')"),
              RuleSpec.approval(
                  t + ".attachments",
                  tools,
                  "has(args.attachments) && args.attachments > 3",
                  approvers),
              variant == 0
                  ? RuleSpec.of(
                      t + ".rate-limit",
                      "forbid",
                      tools,
                      "session.calls('" + t + "', duration('1h')) >= 50")
                  : RuleSpec.of(
                      t + ".no-bcc",
                      "forbid",
                      tools,
                      "args.to.contains(',') || args.to.contains(';')"));
      case SPEND ->
          List.of(
              RuleSpec.of(t + ".permit", "permit", tools, "args.currency in ['EUR', 'GBP', 'CHF']"),
              RuleSpec.approval(t + ".over-limit", tools, "args.amount > 5000", approvers),
              RuleSpec.approval(
                  t + ".daily-total",
                  tools,
                  "session.sum('"
                      + t
                      + "', 'amount', duration('24h')) + double(args.amount) > 20000.0",
                  approvers),
              RuleSpec.of(
                  t + ".sanctioned",
                  "forbid",
                  tools,
                  "has(args.vendor_id) && args.vendor_id.startsWith('sanctioned-')"));
    };
  }
}
