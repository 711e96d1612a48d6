package dev.sallyport.bench;

import dev.sallyport.config.TenantConfig;
import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.ToolCall;
import dev.sallyport.policy.PolicyEngine;
import dev.sallyport.policy.SessionHistory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The calls a decision benchmark rotates through, and the session history they are decided against.
 * Built from a fixed seed so that every run decides the same calls.
 *
 * <p>Most calls come from an agent whose role grants the tool's namespace, with ordinary arguments;
 * the rest cross approval thresholds, match forbid rules, fall outside every permit, break the
 * schema, come from an agent without the grant, from the read-only auditor, or arrive out of hours.
 */
final class DecisionWorkload {
  /** A power of two, so the benchmark's cursor wraps with a mask. */
  static final int CALLS = 1_024;

  static final int SESSIONS = 16;

  /** Tuesday 11:15 in Berlin: inside business hours, so out-of-hours rules do not fire. */
  private static final Instant NOON = Instant.parse("2026-03-10T10:15:30Z");

  /** Tuesday 21:30 in Berlin: out of hours. */
  private static final Instant EVENING = Instant.parse("2026-03-10T20:30:00Z");

  private static final long SEED = 20_260_310L;

  private final SyntheticTenant tenant;
  private final TenantConfig config;

  DecisionWorkload(SyntheticTenant tenant, TenantConfig config) {
    this.tenant = tenant;
    this.config = config;
  }

  ToolCall[] calls() {
    SplittableRandom random = new SplittableRandom(SEED);
    ArgumentsFactory arguments = new ArgumentsFactory();
    List<ToolSpec> tools = tenant.catalogue().tools();
    ToolCall[] calls = new ToolCall[CALLS];
    for (int i = 0; i < CALLS; i++) {
      ToolSpec tool = tools.get(random.nextInt(tools.size()));
      Scenario scenario = scenario(random.nextInt(32));
      calls[i] =
          new ToolCall(
              "action-" + i,
              principal(tool, random.nextInt(32)),
              tool.name(),
              arguments.arguments(tool, scenario, i),
              "session-" + random.nextInt(SESSIONS),
              random.nextInt(16) == 0 ? EVENING : NOON);
    }
    return calls;
  }

  /**
   * Seeds the sessions: two earlier payments on every spend tool, growing from session to session
   * so that the later sessions cross the 20,000 daily total, and one tainted session.
   */
  void seed(SessionHistory history) {
    for (int s = 0; s < SESSIONS; s++) {
      String session = "session-" + s;
      for (ToolSpec tool : tenant.catalogue().withEffect(EffectClass.SPEND)) {
        for (int k = 1; k <= 2; k++) {
          history.recordCall(
              config.id(),
              session,
              tool.name(),
              Map.of("amount", 1_000.0 * (s + 1), "currency", "EUR"),
              NOON.minusSeconds(1_800L * k));
        }
      }
    }
    history.markTainted(config.id(), "session-" + (SESSIONS - 1), NOON.minusSeconds(60));
  }

  /**
   * Decides every call once and returns the count per outcome (and per error), failing when the
   * workload does not exercise allow, deny and approval, or when any rule fails to evaluate, which
   * would mean the generator wrote a condition that reads a missing argument.
   */
  static Map<String, Integer> checkMix(PolicyEngine engine, ToolCall[] calls) {
    Map<String, Integer> mix = new TreeMap<>();
    for (ToolCall call : calls) {
      Decision decision = engine.decide(call);
      if (decision.reason().equals("evaluation_error")) {
        throw new IllegalStateException(
            "the workload provokes an evaluation error: " + decision.detail());
      }
      mix.merge(decision.outcome(), 1, Integer::sum);
    }
    for (String outcome : List.of("allow", "deny", "require_approval")) {
      if (mix.getOrDefault(outcome, 0) < CALLS / 10) {
        throw new IllegalStateException("too few " + outcome + " decisions: " + mix);
      }
    }
    return mix;
  }

  /** Of 32: 20 benign, 5 approval, 3 forbid, 3 no-permit, 1 invalid. */
  private static Scenario scenario(int roll) {
    if (roll < 20) {
      return Scenario.BENIGN;
    }
    if (roll < 25) {
      return Scenario.APPROVAL;
    }
    if (roll < 28) {
      return Scenario.FORBID;
    }
    if (roll < 31) {
      return Scenario.NO_PERMIT;
    }
    return Scenario.INVALID;
  }

  /** Mostly the namespace's own agents; sometimes a lead, the auditor or an ungranted agent. */
  private Principal principal(ToolSpec tool, int roll) {
    String ns = tool.namespace();
    String agent;
    if (roll == 0) {
      agent = otherNamespace(ns) + "-bot";
    } else if (roll == 1) {
      agent = "auditor-bot";
    } else if (roll < 5) {
      agent = ns + "-lead-bot";
    } else if (roll < 9) {
      agent = compositeAgent(ns);
    } else {
      agent = ns + "-bot";
    }
    return config
        .agentPrincipal(agent)
        .orElseThrow(() -> new IllegalStateException("no agent " + agent));
  }

  private String compositeAgent(String ns) {
    for (SyntheticTenant.Role role : tenant.compositeRoles()) {
      if (role.namespaces().contains(ns)) {
        return role.name().replace("-agent", "-bot");
      }
    }
    return ns + "-bot";
  }

  private static String otherNamespace(String ns) {
    List<String> all = Catalogue.NAMESPACES;
    return all.get((all.indexOf(ns) + 7) % all.size());
  }
}
