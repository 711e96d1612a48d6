package dev.sallyport.gateway.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.executor.connector.mcp.McpUpstream;
import dev.sallyport.executor.connector.mcp.UpstreamException;
import dev.sallyport.gateway.ActionOutcome;
import dev.sallyport.gateway.ActionRequest;
import dev.sallyport.gateway.ToolCallPipeline;
import dev.sallyport.mcp.JsonRpcError;
import dev.sallyport.mcp.JsonRpcMessage;
import dev.sallyport.model.Decision;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resources and prompts of the tenant's upstream MCP servers, passed through with policy. Listing
 * shows those of upstreams whose {@code CONNECTOR.read_resource} or {@code CONNECTOR.get_prompt} a
 * role of the principal grants; reading a resource or getting a prompt is a call of that tool,
 * decided, recorded and dispatched like any other, and its result is untrusted content.
 *
 * <p>URIs and prompt names are shown as the upstreams give them; the upstream that listed one is
 * remembered, so that a read goes back to it (if two upstreams list the same one, the first in
 * connector-name order serves it).
 */
public final class McpPassThrough {
  /** One kind of thing passed through. */
  private record Kind(
      String listMethod,
      String listMember,
      String key,
      String tool,
      String getMethod,
      String resultMember) {}

  private static final Kind RESOURCES =
      new Kind(
          "resources/list",
          "resources",
          "uri",
          Tool.McpResourceRead.SUFFIX,
          "resources/read",
          "contents");
  private static final Kind TEMPLATES =
      new Kind(
          "resources/templates/list",
          "resourceTemplates",
          "uriTemplate",
          Tool.McpResourceRead.SUFFIX,
          "resources/read",
          "contents");
  private static final Kind PROMPTS =
      new Kind(
          "prompts/list", "prompts", "name", Tool.McpPromptGet.SUFFIX, "prompts/get", "messages");

  private final Deployment deployment;
  private final ExecutorCatalog executors;
  private final ToolCallPipeline pipeline;
  private final Map<String, String> owners = new ConcurrentHashMap<>();

  public McpPassThrough(
      Deployment deployment, ExecutorCatalog executors, ToolCallPipeline pipeline) {
    this.deployment = requireNonNull(deployment, "deployment is null");
    this.executors = requireNonNull(executors, "executors is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
  }

  /** Answers the pass-through methods; empty for any other method. */
  Optional<JsonRpcMessage> answer(
      String sessionId, Principal principal, JsonRpcMessage.Request request) {
    return switch (request.method()) {
      case "resources/list" -> Optional.of(list(principal, request, RESOURCES));
      case "resources/templates/list" -> Optional.of(list(principal, request, TEMPLATES));
      case "prompts/list" -> Optional.of(list(principal, request, PROMPTS));
      case "resources/read" -> Optional.of(get(sessionId, principal, request, RESOURCES));
      case "prompts/get" -> Optional.of(get(sessionId, principal, request, PROMPTS));
      default -> Optional.empty();
    };
  }

  private JsonRpcMessage list(Principal principal, JsonRpcMessage.Request request, Kind kind) {
    List<Object> all = new ArrayList<>();
    for (Map.Entry<String, McpUpstream> upstream : granted(principal, kind).entrySet()) {
      for (Object item : fetch(upstream.getValue(), kind)) {
        if (item instanceof Map<?, ?> map && map.get(kind.key()) instanceof String key) {
          owners.putIfAbsent(owner(principal.tenant(), kind, key), upstream.getKey());
          all.add(item);
        }
      }
    }
    return new JsonRpcMessage.Response(request.id(), Map.of(kind.listMember(), all));
  }

  private JsonRpcMessage get(
      String sessionId, Principal principal, JsonRpcMessage.Request request, Kind kind) {
    if (!(request.params().get(kind.key()) instanceof String key) || key.isEmpty()) {
      return JsonRpcMessage.ErrorResponse.to(
          request.id(), JsonRpcError.INVALID_PARAMS, "params." + kind.key() + " is required");
    }
    String ownerKey = owner(principal.tenant(), kind, key);
    if (!owners.containsKey(ownerKey)) {
      // Not listed yet in this process: list once to learn which upstream has it.
      list(principal, request, kind);
      if (kind == RESOURCES) {
        list(principal, request, TEMPLATES);
      }
    }
    String connector = owners.get(ownerKey);
    // What the principal may not list does not exist for it, whoever listed it before.
    if (connector == null || !granted(principal, kind).containsKey(connector)) {
      return JsonRpcMessage.ErrorResponse.to(
          request.id(), JsonRpcError.RESOURCE_NOT_FOUND, "no upstream of yours lists it");
    }
    Map<String, Object> arguments = new LinkedHashMap<>(request.params());
    arguments.remove("_meta");
    ActionOutcome outcome =
        pipeline.act(
            principal, new ActionRequest(connector + "." + kind.tool(), arguments, sessionId));
    if (outcome instanceof ActionOutcome.Executed e
        && e.result() instanceof DispatchResult.ToolResult result) {
      return new JsonRpcMessage.Response(request.id(), result.result());
    }
    return JsonRpcMessage.ErrorResponse.to(
        request.id(), JsonRpcError.NOT_CARRIED_OUT, "not carried out: " + describe(outcome));
  }

  private static String describe(ActionOutcome outcome) {
    return switch (outcome) {
      case ActionOutcome.Refused r -> "denied by Sallyport: " + r.decision().reason();
      case ActionOutcome.Pending p -> "held for human approval as action " + p.actionId();
      case ActionOutcome.Failed f -> f.detail();
      case ActionOutcome.Executed e -> "the upstream " + e.result().outcome();
      case ActionOutcome.DryRun d -> "dry run, nothing was read";
      case ActionOutcome.Decided d -> d.decision().outcome();
    };
  }

  /**
   * The tenant's upstreams whose pass-through tool of {@code kind} the principal's roles grant;
   * reads are {@code read}, so a read-only role may have them.
   */
  private Map<String, McpUpstream> granted(Principal principal, Kind kind) {
    TenantConfig tenant = deployment.tenants().get(principal.tenant());
    Map<String, McpUpstream> granted = new java.util.TreeMap<>();
    if (tenant == null) {
      return granted;
    }
    executors
        .mcpUpstreams(tenant.id())
        .forEach((connector, upstream) -> {
          if (tenant.policy().grants().decide(principal, connector + "." + kind.tool())
              instanceof Decision.Allow) {
            granted.put(connector, upstream);
          }
        });
    return granted;
  }

  private static List<?> fetch(McpUpstream upstream, Kind kind) {
    try {
      return upstream.request(kind.listMethod(), Map.of()).get(kind.listMember())
              instanceof List<?> list
          ? list
          : List.of();
    } catch (UpstreamException e) {
      // An upstream that is down, or offers none of these, lists nothing.
      return List.of();
    }
  }

  private static String owner(TenantId tenant, Kind kind, String key) {
    return tenant.value() + "\u0000" + kind.tool() + "\u0000" + key;
  }
}
