package dev.sallyport.gateway.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.gateway.ActionOutcome;
import dev.sallyport.gateway.ActionRequest;
import dev.sallyport.gateway.ToolCallPipeline;
import dev.sallyport.mcp.JsonRpcError;
import dev.sallyport.mcp.JsonRpcMessage;
import dev.sallyport.mcp.StrictJson;
import dev.sallyport.model.Decision;
import dev.sallyport.model.Principal;
import dev.sallyport.model.Tool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The MCP methods an agent may call once its session is open: {@code ping}, {@code tools/list},
 * {@code tools/call}, and the resources and prompts of upstreams ({@link McpPassThrough}). A {@code
 * tools/call} runs the same path as {@code POST /v1/actions}; its outcome becomes a {@code
 * CallToolResult}. A refusal, a failure upstream and a held call are tool results with {@code
 * isError}, not protocol errors, so that the agent's model reads why.
 *
 * <p>A call that needs approval is held open for {@code approvalWait}, with a progress notification
 * every {@link #PROGRESS_EVERY} when the caller asked for progress; if people have not decided by
 * then, the result says so and names the action id to ask {@link McpToolCatalog#APPROVAL_STATUS}
 * about.
 */
public final class McpMethods {
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final ToolCallPipeline pipeline;
  private final McpToolCatalog catalog;
  private final Duration approvalWait;
  private final StrictJson json;
  private final McpPassThrough passThrough;

  public McpMethods(
      ToolCallPipeline pipeline,
      McpToolCatalog catalog,
      Duration approvalWait,
      StrictJson json,
      McpPassThrough passThrough) {
    this.json = requireNonNull(json, "json is null");
    this.passThrough = requireNonNull(passThrough, "passThrough is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.approvalWait = requireNonNull(approvalWait, "approvalWait is null");
  }

  /**
   * Answers one request; empty when the client cancelled it meanwhile (no answer is then sent).
   *
   * @param progress sends a {@code notifications/progress} to the caller, when it asked for them
   */
  public Optional<JsonRpcMessage> answer(
      McpSessions.Session session,
      Principal principal,
      JsonRpcMessage.Request request,
      Consumer<Map<String, Object>> progress) {
    return switch (request.method()) {
      case "ping" -> Optional.of(new JsonRpcMessage.Response(request.id(), Map.of()));
      case "tools/list" ->
          Optional.of(
              new JsonRpcMessage.Response(
                  request.id(), Map.of("tools", catalog.visible(principal))));
      case "tools/call" -> call(session, principal, request, progress);
      default ->
          Optional.of(
              passThrough
                  .answer("mcp:" + session.id(), principal, request)
                  .orElseGet(() ->
                      JsonRpcMessage.ErrorResponse.to(
                          request.id(), JsonRpcError.METHOD_NOT_FOUND, "method not found")));
    };
  }

  private Optional<JsonRpcMessage> call(
      McpSessions.Session session,
      Principal principal,
      JsonRpcMessage.Request request,
      Consumer<Map<String, Object>> progress) {
    if (!(request.params().get("name") instanceof String name) || name.isEmpty()) {
      return Optional.of(invalidParams(request, "params.name must be the tool's name"));
    }
    Object rawArguments = request.params().getOrDefault("arguments", Map.of());
    if (!(rawArguments instanceof Map<?, ?> argumentMap)) {
      return Optional.of(invalidParams(request, "params.arguments must be an object"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments = (Map<String, Object>) argumentMap;
    CompletableFuture<Void> cancelled = session.track(request.id());
    try {
      Optional<ActionOutcome> outcome;
      if (name.equals(McpToolCatalog.APPROVAL_STATUS)) {
        outcome = status(principal, arguments);
        if (outcome.isEmpty()) {
          return Optional.of(
              result(request, text("no held call of yours has that action_id"), true));
        }
      } else {
        outcome = Optional.of(act(principal, session, name, arguments));
      }
      if (outcome.get() instanceof ActionOutcome.Pending pending) {
        Optional<ActionOutcome> settled = hold(principal, request, pending, progress, cancelled);
        if (settled.isEmpty()) {
          return Optional.empty();
        }
        outcome = settled;
      }
      return Optional.of(toResult(request, outcome.get()));
    } finally {
      session.untrack(request.id());
    }
  }

  private ActionOutcome act(
      Principal principal,
      McpSessions.Session session,
      String listedName,
      Map<String, Object> arguments) {
    Optional<Tool> tool = catalog.byListedName(principal.tenant(), listedName);
    // A name that is no tool goes to policy as it is: denied as unknown, and recorded.
    ActionRequest request =
        new ActionRequest(
            tool.map(Tool::name).orElse(listedName), arguments, "mcp:" + session.id());
    Optional<String> quarantined = tool.flatMap(t -> catalog.quarantine(principal.tenant(), t));
    if (quarantined.isPresent()) {
      return pipeline.refuse(
          principal,
          request,
          Decision.deny(
              "mcp.quarantined", "tool_quarantined", "quarantined: " + quarantined.get()));
    }
    return pipeline.act(principal, request);
  }

  private Optional<ActionOutcome> status(Principal principal, Map<String, Object> arguments) {
    if (!(arguments.get("action_id") instanceof String actionId)
        || !actionId.matches("[A-Za-z0-9_-]{1,64}")) {
      return Optional.empty();
    }
    long wait =
        arguments.get("wait_seconds") instanceof Long seconds
            ? Math.max(0, Math.min(seconds, 60))
            : 0;
    return pipeline.approvals().await(principal, actionId, Duration.ofSeconds(wait));
  }

  /**
   * Waits for people up to {@code approvalWait}; empty if the client cancelled. Returns the settled
   * outcome, or the still-pending one when time ran out.
   */
  private Optional<ActionOutcome> hold(
      Principal principal,
      JsonRpcMessage.Request request,
      ActionOutcome.Pending pending,
      Consumer<Map<String, Object>> progress,
      CompletableFuture<Void> cancelled) {
    // Real time, not the policy clock: this is how long a connection is held open.
    long until = System.nanoTime() + approvalWait.toNanos();
    ActionOutcome outcome = pending;
    long step = 0;
    while (outcome instanceof ActionOutcome.Pending && !cancelled.isDone()) {
      Duration left = Duration.ofNanos(until - System.nanoTime());
      if (left.isNegative() || left.isZero()) {
        break;
      }
      Optional<Object> token = request.progressToken();
      if (token.isPresent()) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("progressToken", token.get());
        params.put("progress", ++step);
        params.put("message", "waiting for approval " + pending.approvalId());
        progress.accept(params);
      }
      Duration wait = left.compareTo(PROGRESS_EVERY) < 0 ? left : PROGRESS_EVERY;
      // Also returns early if the client cancels: the held call stays held for people.
      outcome = pipeline.approvals().await(principal, pending.actionId(), wait).orElse(outcome);
    }
    return cancelled.isDone() ? Optional.empty() : Optional.of(outcome);
  }

  private JsonRpcMessage toResult(JsonRpcMessage.Request request, ActionOutcome outcome) {
    return switch (outcome) {
      case ActionOutcome.Executed e ->
          switch (e.result()) {
            case DispatchResult.ToolResult t ->
                new JsonRpcMessage.Response(request.id(), t.result());
            case DispatchResult.Answered a -> {
              Map<String, Object> structured = new LinkedHashMap<>();
              structured.put("status", a.status());
              structured.put("body", a.body());
              Map<String, Object> result = new LinkedHashMap<>();
              result.put("content", List.of(text(asJson(structured))));
              result.put("structuredContent", structured);
              result.put("isError", !"ok".equals(a.outcome()));
              yield new JsonRpcMessage.Response(request.id(), result);
            }
            case DispatchResult.Sent s ->
                result(request, text("sent; Message-ID " + s.messageId()), false);
            case DispatchResult.TimedOut t ->
                result(
                    request,
                    text("the tool did not answer in time (action " + e.actionId() + ")"),
                    true);
            case DispatchResult.Unreachable u ->
                result(
                    request,
                    text(
                        "the tool could not be reached: "
                            + u.reason()
                            + " (action "
                            + e.actionId()
                            + ")"),
                    true);
          };
      case ActionOutcome.Refused r ->
          result(
              request,
              text(
                  "denied by Sallyport: "
                      + r.decision().reason()
                      + " - "
                      + r.decision().detail()
                      + " (action "
                      + r.actionId()
                      + ")"),
              true);
      case ActionOutcome.Pending p ->
          result(
              request,
              text(
                  "held for human approval: action "
                      + p.actionId()
                      + " awaits people until "
                      + p.expiresAt()
                      + ". Ask again with "
                      + McpToolCatalog.APPROVAL_STATUS
                      + " {\"action_id\": \""
                      + p.actionId()
                      + "\"}."),
              true);
      case ActionOutcome.DryRun d ->
          result(
              request,
              text(
                  "dry run (action "
                      + d.actionId()
                      + "): nothing was sent; would send "
                      + asJson(d.wouldSend())),
              false);
      case ActionOutcome.Decided d ->
          result(request, text("decided: " + d.decision().outcome()), false);
      case ActionOutcome.Failed f ->
          result(
              request,
              text(
                  "not carried out: "
                      + f.detail()
                      + " ("
                      + f.code().type()
                      + ", action "
                      + f.actionId()
                      + ")"),
              true);
    };
  }

  private String asJson(Object value) {
    return new String(json.write(value), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> text(Object value) {
    return Map.of("type", "text", "text", String.valueOf(value));
  }

  private static JsonRpcMessage result(
      JsonRpcMessage.Request request, Map<String, Object> content, boolean isError) {
    return new JsonRpcMessage.Response(
        request.id(), Map.of("content", List.of(content), "isError", isError));
  }

  private static JsonRpcMessage invalidParams(JsonRpcMessage.Request request, String message) {
    return JsonRpcMessage.ErrorResponse.to(request.id(), JsonRpcError.INVALID_PARAMS, message);
  }
}
