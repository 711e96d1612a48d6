package dev.sallyport.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark tenant: 200 tools over 20 namespaces and exactly 1,000 rules (800 per tool, 180 per
 * namespace, 20 cross-cutting), with roles granting namespaces. Deterministic: no randomness, so
 * every run and every fork loads the same policy.
 */
final class SyntheticTenant {
  static final String ID = "bench";
  static final int RULES = 1_000;

  private final Catalogue catalogue = new Catalogue();
  private final List<RuleSpec> toolRules;
  private final List<RuleSpec> crossCuttingRules;
  private final SharedRulesGenerator shared = new SharedRulesGenerator(catalogue);

  SyntheticTenant() {
    ToolRulesGenerator generator = new ToolRulesGenerator();
    List<RuleSpec> perTool = new ArrayList<>();
    List<ToolSpec> tools = catalogue.tools();
    for (int i = 0; i < tools.size(); i++) {
      perTool.addAll(generator.rulesFor(tools.get(i), i));
    }
    this.toolRules = List.copyOf(perTool);
    this.crossCuttingRules = shared.crossCuttingRules();
    int total =
        toolRules.size()
            + Catalogue.NAMESPACES.size() * SharedRulesGenerator.RULES_PER_NAMESPACE
            + crossCuttingRules.size();
    if (total != RULES) {
      throw new IllegalStateException("the synthetic tenant must have 1,000 rules, not " + total);
    }
  }

  Catalogue catalogue() {
    return catalogue;
  }

  /** The rules of one namespace's policy file: its tools' own rules, then the namespace rules. */
  List<RuleSpec> policyFile(String namespace) {
    List<RuleSpec> rules = new ArrayList<>();
    String prefix = namespace + ".";
    for (RuleSpec rule : toolRules) {
      if (rule.tools().getFirst().startsWith(prefix)) {
        rules.add(rule);
      }
    }
    rules.addAll(shared.namespaceRules(namespace));
    return rules;
  }

  List<RuleSpec> crossCuttingRules() {
    return crossCuttingRules;
  }

  /** Agents by id with their roles; every namespace has a plain agent and a lead agent. */
  List<Agent> agents() {
    List<Agent> agents = new ArrayList<>();
    for (String ns : Catalogue.NAMESPACES) {
      agents.add(new Agent(ns + "-bot", List.of(ns + "-agent")));
      agents.add(new Agent(ns + "-lead-bot", List.of(ns + "-agent", ns + "-lead")));
    }
    agents.add(new Agent("auditor-bot", List.of("auditor")));
    for (Role role : compositeRoles()) {
      agents.add(new Agent(role.name().replace("-agent", "-bot"), List.of(role.name())));
    }
    agents.add(new Agent("shadow-ops-bot", List.of("ops-agent")));
    return agents;
  }

  /** Roles that grant several namespaces, like a finance agent's. */
  List<Role> compositeRoles() {
    return List.of(
        new Role("finance-agent", List.of("invoices", "payments", "billing", "procurement")),
        new Role("it-agent", List.of("directory", "vault", "repo", "deploy", "db")),
        new Role("support-agent", List.of("crm", "email", "tickets", "chat", "docs")),
        new Role("ops-agent", List.of("storage", "inventory", "shipping", "calendar")));
  }

  record Agent(String id, List<String> roles) {
    Agent {
      roles = List.copyOf(roles);
    }
  }

  record Role(String name, List<String> namespaces) {
    Role {
      namespaces = List.copyOf(namespaces);
    }
  }
}
