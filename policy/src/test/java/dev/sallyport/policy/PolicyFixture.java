package dev.sallyport.policy;

import dev.sallyport.model.ArgumentsSchema;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import dev.sallyport.model.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds small tenant policies in code for the policy module's own tests. */
final class PolicyFixture {
  static final TenantId TENANT = TenantId.of("acme");
  static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  static final ConditionCompiler COMPILER = new ConditionCompiler();

  final Map<String, Tool> tools = new LinkedHashMap<>();
  final List<Rule> rules = new ArrayList<>();
  final Map<String, List<ToolPattern>> roles = new LinkedHashMap<>();
  final Set<String> readOnlyRoles = new HashSet<>();
  final Set<String> dryRunAgents = new HashSet<>();
  boolean writeIsConsequential;

  PolicyFixture tool(String name, EffectClass effect) {
    return tool(name, effect, ArgumentsSchema.ANY_OBJECT);
  }

  PolicyFixture tool(String name, EffectClass effect, ArgumentsSchema schema) {
    tools.put(name, new Tool(name, "http", effect, "", schema, new Tool.Operation("POST", "/x")));
    return this;
  }

  /** A tool whose consequential arguments are declared. */
  PolicyFixture tool(String name, EffectClass effect, List<String> consequentialArguments) {
    tools.put(
        name,
        new Tool(
            name,
            "http",
            effect,
            "",
            ArgumentsSchema.ANY_OBJECT,
            new Tool.Operation("POST", "/x"),
            false,
            Optional.empty(),
            new Tool.Trust(false, Optional.of(consequentialArguments))));
    return this;
  }

  PolicyFixture writeIsConsequential() {
    writeIsConsequential = true;
    return this;
  }

  PolicyFixture role(String role, String... patterns) {
    roles.put(role, List.of(patterns).stream().map(ToolPattern::new).toList());
    return this;
  }

  PolicyFixture readOnly(String role) {
    readOnlyRoles.add(role);
    return this;
  }

  PolicyFixture dryRun(String agent) {
    dryRunAgents.add(agent);
    return this;
  }

  PolicyFixture rule(
      String id, RuleEffect effect, String tool, String condition, String... approvers) {
    try {
      rules.add(
          new Rule(
              id,
              effect,
              List.of(new ToolPattern(tool)),
              condition == null ? Optional.empty() : Optional.of(COMPILER.compile(condition)),
              "because " + id,
              List.of(approvers)));
    } catch (PolicyCompileException e) {
      throw new IllegalArgumentException(e);
    }
    return this;
  }

  TenantPolicy policy() {
    return new TenantPolicy(
        TENANT,
        "v-test",
        tools,
        new TenantRules(rules, tools.keySet()),
        new RoleGrants(roles, Map.of(), readOnlyRoles),
        dryRunAgents,
        false,
        writeIsConsequential,
        List.of("security-approvers"));
  }

  PolicyEngine engine(SessionHistory history, KillSwitches kills) {
    return new PolicyEngine(Map.of(TENANT, policy()), history, kills, EVERY_AGENT_PROMOTED);
  }

  /** Test code only: the agents of these tests are established, so new-agent dry runs stay out. */
  static final AgentStandings EVERY_AGENT_PROMOTED = (tenant, agent, now) -> true;

  PolicyEngine engine() {
    return engine(new InMemorySessionHistory(), new InMemoryKillSwitches());
  }

  static Principal agent(String id, String... roles) {
    return new Principal(TENANT, id, PrincipalKind.AGENT, Set.of(roles), Set.of());
  }

  static ToolCall call(Principal principal, String tool, Map<String, Object> args) {
    return new ToolCall("action-1", principal, tool, args, "session-1", NOW);
  }
}
