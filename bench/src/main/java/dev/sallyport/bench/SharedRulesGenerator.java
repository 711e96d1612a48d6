package dev.sallyport.bench;

import dev.sallyport.model.EffectClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules that span tools: nine per namespace (five over {@code ns.*} that read only the principal,
 * the tool and the time, four over the namespace's read or write tools) and twenty cross-cutting
 * ones (three over {@code *}, seventeen naming ten tools of one effect class from several
 * namespaces, the way "every spend tool above 50,000" rules are written).
 */
final class SharedRulesGenerator {
  static final int RULES_PER_NAMESPACE = 9;
  static final int CROSS_CUTTING_RULES = 20;
  private static final int TOOLS_PER_CROSS_RULE = 10;

  private final Catalogue catalogue;

  SharedRulesGenerator(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  List<RuleSpec> namespaceRules(String ns) {
    List<String> all = List.of(ns + ".*");
    List<String> reads = names(ns, EffectClass.READ);
    List<String> writes = names(ns, EffectClass.WRITE);
    String approvers = ns + "-approvers";
    return List.of(
        RuleSpec.of(
            ns + ".ns.no-destruction-on-sunday",
            "forbid",
            all,
            "tool.effect == 'destructive' && request.time.getDayOfWeek('Europe/Berlin') == 0"),
        RuleSpec.approval(
            ns + ".ns.out-of-hours",
            all,
            "tool.effect != 'read' && (request.time.getHours('Europe/Berlin') < 7"
                + " || request.time.getHours('Europe/Berlin') >= 19)",
            approvers),
        RuleSpec.of(
            ns + ".ns.retired-agents",
            "forbid",
            all,
            "principal.id in ['" + ns + "-retired-bot', '" + ns + "-legacy-bot']"),
        RuleSpec.of(ns + ".ns.admins", "permit", all, "'" + ns + "-admin' in principal.roles"),
        RuleSpec.of(ns + ".ns.canaries", "dry_run", all, "principal.id.startsWith('canary-')"),
        RuleSpec.of(
            ns + ".ns.legal-hold-reads", "forbid", reads, "args.id.startsWith('legal-hold-')"),
        RuleSpec.of(
            ns + ".ns.legal-hold-writes", "forbid", writes, "args.id.startsWith('legal-hold-')"),
        RuleSpec.approval(
            ns + ".ns.notifying-writes", writes, "has(args.notify) && args.notify", approvers),
        RuleSpec.of(ns + ".ns.auditors", "permit", reads, "'auditor' in principal.roles"));
  }

  List<RuleSpec> crossCuttingRules() {
    List<RuleSpec> rules = new ArrayList<>();
    List<String> every = List.of("*");
    rules.add(RuleSpec.of("cross.suspended", "forbid", every, "'suspended' in principal.roles"));
    rules.add(
        RuleSpec.of("cross.shadow-agents", "dry_run", every, "principal.id.startsWith('shadow-')"));
    rules.add(
        RuleSpec.approval(
            "cross.humans-spending",
            every,
            "principal.kind == 'human' && tool.effect in ['spend', 'destructive']",
            "security-approvers"));
    addChunked(
        rules,
        EffectClass.SPEND,
        List.of(
            new Template("require_approval", "args.amount > 50000.0", "cfo-office"),
            new Template("forbid", "args.amount > 500000.0 && args.currency != 'EUR'", "")));
    addChunked(
        rules,
        EffectClass.EXTERNAL_SEND,
        List.of(
            new Template("forbid", "args.to.endsWith('@competitor.example')", ""),
            new Template(
                "require_approval",
                "args.subject.matches('(?i)(urgent|wire transfer)')",
                "security-approvers"),
            new Template("forbid", "args.to.contains('+')", ""),
            new Template(
                "require_approval",
                "has(args.body) && args.body.size() > 10000",
                "security-approvers")));
    addChunked(
        rules,
        EffectClass.DESTRUCTIVE,
        List.of(
            new Template("require_approval", "has(args.force) && args.force", "security-approvers"),
            new Template("forbid", "args.id == '*' || args.id.endsWith('-all')", "")));
    addChunked(
        rules,
        EffectClass.WRITE,
        List.of(
            new Template("forbid", "args.id.startsWith('system-')", ""),
            new Template(
                "require_approval",
                "has(args.title) && args.title.size() > 150",
                "security-approvers"),
            new Template("dry_run", "args.id.startsWith('sandbox-')", ""),
            new Template("forbid", "args.id.contains('..')", ""),
            new Template("permit", "'ops-agent' in principal.roles", "")));
    addChunked(
        rules,
        EffectClass.READ,
        List.of(
            new Template("permit", "'support-agent' in principal.roles", ""),
            new Template("forbid", "has(args.query) && args.query.contains('ssn:')", ""),
            new Template(
                "forbid", "args.id.startsWith('pii-') && !('auditor' in principal.roles)", ""),
            new Template("require_approval", "args.limit >= 500", "security-approvers")));
    if (rules.size() != CROSS_CUTTING_RULES) {
      throw new IllegalStateException("expected 20 cross-cutting rules, made " + rules.size());
    }
    return rules;
  }

  /** One rule per template, each over the next ten tools of the effect class. */
  private void addChunked(List<RuleSpec> rules, EffectClass effect, List<Template> templates) {
    List<ToolSpec> tools = catalogue.withEffect(effect);
    for (int i = 0; i < templates.size(); i++) {
      List<String> names = new ArrayList<>();
      for (int j = 0; j < TOOLS_PER_CROSS_RULE; j++) {
        names.add(tools.get((i * TOOLS_PER_CROSS_RULE + j) % tools.size()).name());
      }
      Template template = templates.get(i);
      String id = "cross." + effect.configName() + "." + i;
      rules.add(
          new RuleSpec(
              id,
              template.effect(),
              names,
              Optional.of(template.when()),
              template.approvers().isEmpty() ? List.of() : List.of(template.approvers())));
    }
  }

  private List<String> names(String ns, EffectClass effect) {
    return catalogue.inNamespace(ns).stream()
        .filter(t -> t.effect() == effect)
        .map(ToolSpec::name)
        .toList();
  }

  private record Template(String effect, String when, String approvers) {}
}
