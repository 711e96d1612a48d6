package dev.sallyport.executor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.executor.DryRunRequest;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.executor.ExecutionRequest;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.mcp.StrictJson;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executor's HTTP wire format, both directions, in one place. Requests:
 *
 * <pre>
 * POST /v1/execute  {"packet": "sp-grant-v1...", "tenant": "acme", "action_id": "...",
 *                    "actor": "finance-bot", "tool": "payments.pay_supplier", "arguments": {...}}
 * POST /v1/dry-run  the same without "packet"
 * </pre>
 *
 * Answers: {@code 200 {"status":"dispatched","result":{"kind":"answered","status":201,"body":...}}}
 * (kinds {@code answered}, {@code sent}, {@code timed_out}, {@code unreachable}), {@code 200
 * {"status":"dry_run","would_send":{...}}}, or an RFC 9457 problem whose {@code type} is one of
 * {@link ErrorCode}'s: a refused grant is {@code grant-rejected} with the detail "invalid grant".
 */
public final class ExecutorWire {
  /** The largest request body the executor reads. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private static final Set<String> EXECUTE_FIELDS =
      Set.of("packet", "tenant", "action_id", "actor", "tool", "arguments");
  private static final Set<String> DRY_RUN_FIELDS =
      Set.of("tenant", "action_id", "actor", "tool", "arguments");

  private final ObjectMapper mapper;

  public ExecutorWire() {
    // One strict reader and writer for every wire of Sallyport; the executor's bodies nest two
    // levels deeper than a request's arguments.
    this.mapper = new StrictJson(MAX_BODY_BYTES, 34).mapper();
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  byte[] write(ExecutionRequest request) throws IOException {
    Map<String, Object> body = fields(request.withoutGrant());
    body.put("packet", request.packet());
    return mapper.writeValueAsBytes(body);
  }

  byte[] write(DryRunRequest request) throws IOException {
    return mapper.writeValueAsBytes(fields(request));
  }

  private static Map<String, Object> fields(DryRunRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tenant", request.tenant().value());
    body.put("action_id", request.actionId());
    body.put("actor", request.actor());
    body.put("tool", request.tool());
    body.put("arguments", request.arguments());
    return body;
  }

  ExecutionRequest readExecution(byte[] bytes) throws IOException {
    Map<String, Object> body = object(bytes, EXECUTE_FIELDS);
    DryRunRequest call = call(body);
    return new ExecutionRequest(
        text(body, "packet"),
        call.tenant(),
        call.actionId(),
        call.actor(),
        call.tool(),
        call.arguments());
  }

  DryRunRequest readDryRun(byte[] bytes) throws IOException {
    return call(object(bytes, DRY_RUN_FIELDS));
  }

  private static DryRunRequest call(Map<String, Object> body) throws IOException {
    if (!(body.get("arguments") instanceof Map<?, ?> arguments)) {
      throw new IOException("'arguments' must be an object");
    }
    try {
      return new DryRunRequest(
          TenantId.of(text(body, "tenant")),
          text(body, "action_id"),
          text(body, "actor"),
          text(body, "tool"),
          JsonValues.immutableObject(castObject(arguments)));
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid request: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> object(byte[] bytes, Set<String> fields) throws IOException {
    Object value;
    try {
      value = mapper.readValue(bytes, Object.class);
    } catch (IOException e) {
      throw new IOException("not one JSON object", e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IOException("not one JSON object");
    }
    Map<String, Object> body = castObject(map);
    if (!body.keySet().equals(fields)) {
      throw new IOException("expected exactly the fields " + fields);
    }
    return body;
  }

  private static String text(Map<String, Object> body, String name) throws IOException {
    if (body.get(name) instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new IOException("'" + name + "' must be a non-empty string");
  }

  /** The answer for an outcome, as its status and body. */
  Answer answer(ExecutionOutcome outcome) {
    return switch (outcome) {
      case ExecutionOutcome.Dispatched d -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "dispatched");
        body.put("result", result(d.result()));
        yield new Answer(200, body);
      }
      case ExecutionOutcome.DryRun d ->
          new Answer(200, Map.of("status", "dry_run", "would_send", d.wouldSend()));
      case ExecutionOutcome.Refused r -> problem(ErrorCode.GRANT_REJECTED, "invalid grant");
      case ExecutionOutcome.NotSent n -> problem(n.code(), n.detail());
      case ExecutionOutcome.Unavailable u -> problem(ErrorCode.EXECUTOR_UNAVAILABLE, u.detail());
    };
  }

  static Answer problem(ErrorCode code, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", code.type());
    body.put("title", code.title());
    body.put("status", code.httpStatus());
    body.put("detail", detail);
    return new Answer(code.httpStatus(), body);
  }

  private static Map<String, Object> result(DispatchResult result) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (result) {
      case DispatchResult.Answered a -> {
        body.put("kind", "answered");
        body.put("status", a.status());
        body.put("body", a.body());
      }
      case DispatchResult.Sent s -> {
        body.put("kind", "sent");
        body.put("message_id", s.messageId());
      }
      case DispatchResult.ToolResult r -> {
        body.put("kind", "tool_result");
        body.put("result", r.result());
      }
      case DispatchResult.TimedOut t -> body.put("kind", "timed_out");
      case DispatchResult.Unreachable u -> {
        body.put("kind", "unreachable");
        body.put("reason", u.reason());
      }
    }
    return body;
  }

  /**
   * Reads an answer back into an outcome. Anything that is not exactly one of the answers above is
   * empty: the caller then cannot know what happened, and says so.
   */
  Optional<ExecutionOutcome> readAnswer(int status, byte[] bytes) {
    try {
      if (!(mapper.readValue(bytes, Object.class) instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      Map<String, Object> body = castObject(map);
      if (status == 200
          && "dispatched".equals(body.get("status"))
          && body.get("result") instanceof Map<?, ?> result) {
        return dispatchResult(castObject(result)).map(ExecutionOutcome.Dispatched::new);
      }
      if (status == 200
          && "dry_run".equals(body.get("status"))
          && body.get("would_send") instanceof Map<?, ?> wouldSend) {
        return Optional.of(new ExecutionOutcome.DryRun(castObject(wouldSend)));
      }
      if (body.get("type") instanceof String type && body.get("detail") instanceof String detail) {
        for (ErrorCode code : ErrorCode.values()) {
          if (code.type().equals(type) && code.httpStatus() == status) {
            return Optional.of(
                code == ErrorCode.GRANT_REJECTED
                    ? new ExecutionOutcome.Refused()
                    : code == ErrorCode.EXECUTOR_UNAVAILABLE
                        ? new ExecutionOutcome.Unavailable(detail)
                        : new ExecutionOutcome.NotSent(code, detail));
          }
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<DispatchResult> dispatchResult(Map<String, Object> result) {
    Object kind = result.get("kind");
    if ("answered".equals(kind)
        && result.get("status") instanceof Integer status
        && result.containsKey("body")) {
      return Optional.of(
          new DispatchResult.Answered(status, JsonValues.immutableValue(result.get("body"))));
    }
    if ("sent".equals(kind) && result.get("message_id") instanceof String id) {
      return Optional.of(new DispatchResult.Sent(id));
    }
    if ("tool_result".equals(kind) && result.get("result") instanceof Map<?, ?> toolResult) {
      return Optional.of(new DispatchResult.ToolResult(castObject(toolResult)));
    }
    if ("timed_out".equals(kind)) {
      return Optional.of(new DispatchResult.TimedOut());
    }
    if ("unreachable".equals(kind) && result.get("reason") instanceof String reason) {
      return Optional.of(new DispatchResult.Unreachable(reason));
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castObject(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  /** A status and a JSON body. */
  record Answer(int status, Map<String, Object> body) {}
}
