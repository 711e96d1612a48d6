package dev.sallyport.gateway.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.config.ToolPins;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.mcp.McpUpstream;
import dev.sallyport.executor.connector.mcp.UpstreamException;
import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.mcp.ToolDefinition;
import dev.sallyport.model.Decision;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import dev.sallyport.policy.TenantPolicy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tools of a tenant as agents see them on {@code /mcp}: its HTTP and e-mail tools, and the
 * tools of its upstream MCP servers whose current definitions are the ones the operator pinned.
 *
 * <p>An upstream tool whose definition changed, disappeared or was never pinned is quarantined: it
 * is not listed, calls of it are refused, and a {@code tool.quarantined} event records the pin
 * expected and the pin found, once per definition seen. What agents read about a tool is the
 * upstream's pinned definition, except its annotations: {@code readOnlyHint} and {@code
 * destructiveHint} come from the operator's effect class, never from the upstream.
 */
public final class McpToolCatalog {
  /** The built-in tool that tells an agent where a held call stands. */
  public static final String APPROVAL_STATUS = "sallyport.approval_status";

  /**
   * One tool as listed.
   *
   * @param tool the Sallyport tool
   * @param definition what {@code tools/list} shows for it
   */
  public record Listed(Tool tool, Map<String, Object> definition) {
    public Listed {
      requireNonNull(tool, "tool is null");
      definition = Map.copyOf(definition);
    }
  }

  private final Deployment deployment;
  private final ExecutorCatalog executors;
  private final AuditRecorder audit;
  private final Map<String, String> reported = new ConcurrentHashMap<>();
  private final Map<TenantId, Map<String, Tool>> toolsByListedName;

  public McpToolCatalog(Deployment deployment, ExecutorCatalog executors, AuditRecorder audit) {
    this.deployment = requireNonNull(deployment, "deployment is null");
    this.executors = requireNonNull(executors, "executors is null");
    this.audit = requireNonNull(audit, "audit is null");
    // Looked up on every tools/call; the loader has made listed names unique per tenant.
    Map<TenantId, Map<String, Tool>> byName = new HashMap<>();
    deployment
        .tenants()
        .forEach((id, tenant) -> {
          Map<String, Tool> names = new HashMap<>();
          for (Tool tool : tenant.policy().tools().values()) {
            names.put(
                tool.operation() instanceof Tool.McpTool m ? m.listedAs() : tool.name(), tool);
          }
          byName.put(id, Map.copyOf(names));
        });
    this.toolsByListedName = Map.copyOf(byName);
  }

  /**
   * The tools {@code principal} may see, in name order: those a role grants it (read tools only for
   * a read-only role), not quarantined, and the built-in {@link #APPROVAL_STATUS}. Conditions of
   * the tenant's rules depend on each call's arguments and are decided per call.
   */
  public List<Map<String, Object>> visible(Principal principal) {
    TenantConfig tenant = deployment.tenants().get(principal.tenant());
    Map<String, Map<String, Object>> listed = new TreeMap<>();
    listed.put(APPROVAL_STATUS, approvalStatusDefinition());
    if (tenant == null) {
      return List.copyOf(listed.values());
    }
    TenantPolicy policy = tenant.policy();
    Map<String, Optional<List<ToolDefinition>>> upstreamTools = new HashMap<>();
    for (Tool tool : policy.tools().values()) {
      if (tool.operation() instanceof Tool.McpResourceRead
          || tool.operation() instanceof Tool.McpPromptGet) {
        // Reached through resources/read and prompts/get, not as tools.
        continue;
      }
      if (!(policy.grants().decide(principal, tool.name()) instanceof Decision.Allow)
          || (tool.effect() != EffectClass.READ && policy.grants().isReadOnly(principal))) {
        continue;
      }
      if (tool.operation() instanceof Tool.McpTool mcp) {
        Optional<ToolDefinition> current =
            upstreamTools
                .computeIfAbsent(tool.connector(), c -> fetch(tenant.id(), c))
                .flatMap(list ->
                    list.stream().filter(d -> d.name().equals(mcp.upstreamName())).findFirst());
        if (quarantined(tenant, tool, current).isEmpty()) {
          listed.put(mcp.listedAs(), shown(mcp.listedAs(), tool, current.get()));
        }
      } else {
        listed.put(tool.name(), own(tool));
      }
    }
    return List.copyOf(listed.values());
  }

  /** The tenant's tool an agent calls by its listed name, if there is one. */
  public Optional<Tool> byListedName(TenantId tenantId, String listedName) {
    return Optional.ofNullable(toolsByListedName.getOrDefault(tenantId, Map.of()).get(listedName));
  }

  /**
   * Why {@code tool} is quarantined now, or empty when it is not (or is not an upstream tool). An
   * upstream that cannot be reached quarantines nothing: the call then fails at dispatch.
   */
  public Optional<String> quarantine(TenantId tenantId, Tool tool) {
    TenantConfig tenant = deployment.tenants().get(tenantId);
    if (tenant == null || !(tool.operation() instanceof Tool.McpTool mcp)) {
      return Optional.empty();
    }
    McpUpstream upstream = executors.mcpUpstreams(tenantId).get(tool.connector());
    if (upstream == null) {
      return Optional.of("its upstream is not configured");
    }
    Optional<ToolDefinition> current;
    try {
      current = upstream.definition(mcp.upstreamName());
    } catch (UpstreamException e) {
      return Optional.empty();
    }
    return quarantined(tenant, tool, current);
  }

  private Optional<List<ToolDefinition>> fetch(TenantId tenant, String connector) {
    McpUpstream upstream = executors.mcpUpstreams(tenant).get(connector);
    if (upstream == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(upstream.tools());
    } catch (UpstreamException e) {
      // Unreachable now: its tools are not listed until it answers again.
      return Optional.empty();
    }
  }

  private Optional<String> quarantined(
      TenantConfig tenant, Tool tool, Optional<ToolDefinition> current) {
    Optional<ToolPins.Accepted> accepted = tenant.toolPins().find(tool.name());
    String expected = accepted.map(ToolPins.Accepted::pin).orElse("none");
    String found = current.map(ToolDefinition::pin).orElse("missing");
    if (expected.equals(found)) {
      return Optional.empty();
    }
    String reason =
        accepted.isEmpty()
            ? "its upstream definition was never pinned"
            : current.isEmpty()
                ? "its upstream no longer lists it"
                : "its upstream definition changed since it was pinned";
    String key = tenant.id().value() + "/" + tool.name();
    if (!found.equals(reported.put(key, found))) {
      try {
        audit.toolQuarantined(tenant.id(), tool.name(), expected, found);
      } catch (AuditUnavailableException e) {
        // Quarantined all the same; the event is recorded at the next sighting.
        reported.remove(key);
      }
    }
    return Optional.of(reason);
  }

  /** The upstream's pinned definition under the listed name, with the operator's annotations. */
  private static Map<String, Object> shown(String listedAs, Tool tool, ToolDefinition upstream) {
    Map<String, Object> definition = new LinkedHashMap<>(upstream.definition());
    definition.put("name", listedAs);
    definition.put("annotations", annotations(tool.effect()));
    if (!tool.description().isEmpty()) {
      definition.put("description", tool.description());
    }
    return definition;
  }

  private static Map<String, Object> own(Tool tool) {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("name", tool.name());
    definition.put("description", tool.description());
    Map<String, Object> schema = new LinkedHashMap<>(tool.argumentsSchema().schema());
    schema.putIfAbsent("type", "object");
    definition.put("inputSchema", schema);
    definition.put("annotations", annotations(tool.effect()));
    return definition;
  }

  private static Map<String, Object> annotations(EffectClass effect) {
    return Map.of(
        "readOnlyHint", effect == EffectClass.READ,
        "destructiveHint", effect == EffectClass.DESTRUCTIVE,
        "openWorldHint", effect == EffectClass.EXTERNAL_SEND || effect == EffectClass.SPEND);
  }

  private static Map<String, Object> approvalStatusDefinition() {
    return Map.of(
        "name",
        APPROVAL_STATUS,
        "description",
        "Where a call held for human approval stands: pass the action_id the held call returned."
            + " Waits up to wait_seconds (at most 60) for people to decide.",
        "inputSchema",
        Map.of(
            "type",
            "object",
            "properties",
            Map.of(
                "action_id",
                Map.of("type", "string", "maxLength", 64),
                "wait_seconds",
                Map.of("type", "integer", "minimum", 0, "maximum", 60)),
            "required",
            List.of("action_id"),
            "additionalProperties",
            false),
        "annotations",
        Map.of("readOnlyHint", true, "destructiveHint", false, "openWorldHint", false));
  }
}
