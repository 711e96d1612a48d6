package dev.sallyport.gateway.http;

import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.gateway.ActionOutcome;
import dev.sallyport.gateway.ActionRequest;
import dev.sallyport.gateway.ToolCallPipeline;
import dev.sallyport.gateway.guard.SessionTasks;
import dev.sallyport.gateway.identity.ProtectedResourceMetadata;
import dev.sallyport.gateway.identity.TokenAuthenticator;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.model.Decision;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.HttpRoute;
import dev.sallyport.model.Principal;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API: {@code POST /v1/decisions}, {@code POST /v1/actions}, {@code POST
 * /v1/sessions/{id}/task} (a session's trusted task), the auditor's {@code GET /v1/ledger/...}
 * ({@link LedgerRoutes}), {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics}, and the
 * RFC 9728 metadata {@code GET /.well-known/oauth-protected-resource} (also under the resource's
 * path and {@code /mcp}). Runs on virtual threads, so it blocks freely.
 */
public final class ApiHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private static final String ACTIONS_PREFIX = "/v1/actions/";

  /**
   * Every route this handler serves, and nothing else is served: another path is a 404 and another
   * method a 405. A new route MUST be listed here (or it is unreachable) and covered by the
   * cross-tenant test, which fails for a listed route its table does not hold.
   */
  public static final List<HttpRoute> ROUTES =
      Stream.concat(
              Stream.of(
                      "GET /healthz",
                      "GET /readyz",
                      "GET /metrics",
                      "POST /v1/decisions",
                      "POST /v1/actions",
                      "POST /v1/sessions/{id}/task",
                      "GET /v1/actions/{id}",
                      "GET /.well-known/oauth-protected-resource",
                      "GET /.well-known/oauth-protected-resource/{resource...}")
                  .map(HttpRoute::of),
              LedgerRoutes.ROUTES.stream())
          .toList();

  private static final String SESSIONS_PREFIX = "/v1/sessions/";
  private static final String TASK_SUFFIX = "/task";
  private static final java.util.regex.Pattern ACTION_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ProtectedResourceMetadata resourceMetadata;
  private final ToolCallPipeline pipeline;
  private final AuditLog auditLog;
  private final PrometheusMeterRegistry metrics;
  private final JsonBodies json;
  private final ActionRequestParser parser;
  private final HttpReplies replies;
  private final LedgerRoutes ledger;
  private final BearerAuthentication bearer;
  private final SessionTasks tasks;
  private final TaskRequestParser taskParser;

  public ApiHandler(
      TokenAuthenticator authenticator,
      ProtectedResourceMetadata resourceMetadata,
      ToolCallPipeline pipeline,
      AuditLog auditLog,
      PrometheusMeterRegistry metrics,
      LedgerReader ledgerReader,
      JsonBodies json,
      SessionTasks tasks) {
    this.resourceMetadata = resourceMetadata;
    this.pipeline = pipeline;
    this.auditLog = auditLog;
    this.metrics = metrics;
    this.json = json;
    this.parser = new ActionRequestParser(json);
    this.replies = new HttpReplies(json);
    this.ledger = new LedgerRoutes(ledgerReader, replies);
    this.bearer = new BearerAuthentication(authenticator, resourceMetadata, json);
    this.tasks = tasks;
    this.taskParser = new TaskRequestParser(json);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      route(request, response, callback);
    } catch (RuntimeException e) {
      // Nothing past this point ran an action: the pipeline fails closed on its own errors.
      LOG.error("request failed: {}", e.getClass().getName());
      replies.problem(
          response, callback, ErrorCode.INTERNAL, "the request could not be handled", Map.of());
    }
    return true;
  }

  private void route(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    switch (HttpRoute.match(ROUTES, method, path)) {
      case HttpRoute.Match.NotFound n -> {
        replies.problem(response, callback, ErrorCode.NOT_FOUND, "no such endpoint", Map.of());
        return;
      }
      case HttpRoute.Match.WrongMethod w -> {
        response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", w.allowed()));
        replies.problem(
            response,
            callback,
            ErrorCode.METHOD_NOT_ALLOWED,
            "use " + String.join(" or ", w.allowed()),
            Map.of());
        return;
      }
      case HttpRoute.Match.Found f -> {
        // Listed: the switch below serves it.
      }
    }
    switch (path) {
      case "/healthz" -> {
        if (expect(method, "GET", response, callback)) {
          replies.json(response, callback, 200, Map.of("status", "ok"));
        }
      }
      case "/readyz" -> {
        if (expect(method, "GET", response, callback)) {
          if (auditLog.isWritable()) {
            replies.json(response, callback, 200, Map.of("status", "ready"));
          } else {
            replies.problem(
                response,
                callback,
                ErrorCode.AUDIT_UNAVAILABLE,
                "the audit log cannot take writes",
                Map.of());
          }
        }
      }
      case "/metrics" -> {
        if (expect(method, "GET", response, callback)) {
          response.setStatus(200);
          response
              .getHeaders()
              .put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
          response.write(
              true, ByteBuffer.wrap(metrics.scrape().getBytes(StandardCharsets.UTF_8)), callback);
        }
      }
      case "/v1/decisions", "/v1/actions" -> {
        if (expect(method, "POST", response, callback)) {
          action(request, response, callback, path.equals("/v1/actions"));
        }
      }
      default -> {
        if (path.startsWith(SESSIONS_PREFIX) && path.endsWith(TASK_SUFFIX)) {
          if (expect(method, "POST", response, callback)) {
            sessionTask(
                request,
                response,
                callback,
                path.substring(SESSIONS_PREFIX.length(), path.length() - TASK_SUFFIX.length()));
          }
        } else if (path.startsWith(ACTIONS_PREFIX)) {
          if (expect(method, "GET", response, callback)) {
            heldAction(request, response, callback, path.substring(ACTIONS_PREFIX.length()));
          }
        } else if (resourceMetadata.servedPaths().contains(path)) {
          if (expect(method, "GET", response, callback)) {
            replies.json(response, callback, 200, resourceMetadata.document());
          }
        } else if (path.startsWith(LedgerRoutes.PREFIX)
            && expect(method, "GET", response, callback)) {
          authenticate(request, response, callback)
              .ifPresent(principal -> ledger.handle(path, request, response, callback, principal));
        } else if (!path.startsWith(LedgerRoutes.PREFIX)) {
          replies.problem(response, callback, ErrorCode.NOT_FOUND, "no such endpoint", Map.of());
        }
      }
    }
  }

  private Optional<Principal> authenticate(Request request, Response response, Callback callback) {
    return bearer.authenticate(request, response, callback);
  }

  private void action(Request request, Response response, Callback callback, boolean execute) {
    Optional<Principal> authenticated = authenticate(request, response, callback);
    if (authenticated.isEmpty()) {
      return;
    }
    Principal principal = authenticated.get();
    Optional<byte[]> body = jsonBody(request, response, callback);
    if (body.isEmpty()) {
      return;
    }
    ActionRequest actionRequest;
    try {
      actionRequest = parser.parse(body.get());
    } catch (MalformedRequestException e) {
      replies.problem(response, callback, ErrorCode.MALFORMED_REQUEST, e.getMessage(), Map.of());
      return;
    }
    ActionOutcome outcome =
        execute
            ? pipeline.act(principal, actionRequest)
            : pipeline.decide(principal, actionRequest);
    respond(response, callback, outcome);
  }

  /**
   * {@code POST /v1/sessions/{id}/task}: the trusted task that starts the caller's session (see
   * {@link SessionTasks}). 201 when accepted; 409 {@code task-refused} when the session already has
   * a task, has made calls, or is tainted; 400 for a malformed body, with nothing stored.
   */
  private void sessionTask(
      Request request, Response response, Callback callback, String sessionId) {
    Optional<Principal> authenticated = authenticate(request, response, callback);
    if (authenticated.isEmpty()) {
      return;
    }
    if (!ActionRequestParser.isValidSessionId(sessionId)) {
      replies.problem(
          response,
          callback,
          ErrorCode.MALFORMED_REQUEST,
          "the session id must be 1-128 characters of A-Z a-z 0-9 . _ : -",
          Map.of());
      return;
    }
    Optional<byte[]> body = jsonBody(request, response, callback);
    if (body.isEmpty()) {
      return;
    }
    String task;
    try {
      task = taskParser.parse(body.get());
    } catch (MalformedRequestException e) {
      replies.problem(response, callback, ErrorCode.MALFORMED_REQUEST, e.getMessage(), Map.of());
      return;
    }
    switch (tasks.start(authenticated.get(), sessionId, task)) {
      case SessionTasks.Outcome.Accepted a ->
          replies.json(
              response,
              callback,
              201,
              Map.of("session_id", sessionId, "status", "accepted", "provenance", "trusted"));
      case SessionTasks.Outcome.Refused r ->
          replies.problem(
              response,
              callback,
              ErrorCode.TASK_REFUSED,
              r.detail(),
              Map.of("session_id", sessionId, "reason", r.reason()));
      case SessionTasks.Outcome.Failed f ->
          replies.problem(response, callback, f.code(), f.detail(), Map.of());
    }
  }

  /** The body of a JSON request, or empty after a refusal has been written. */
  private Optional<byte[]> jsonBody(Request request, Response response, Callback callback) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      replies.problem(
          response, callback, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json", Map.of());
      return Optional.empty();
    }
    try {
      return Optional.of(Content.Source.asByteArrayAsync(request, JsonBodies.MAX_BODY_BYTES).get());
    } catch (ExecutionException e) {
      replies.problem(
          response,
          callback,
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the body is larger than 1 MiB or could not be read",
          Map.of());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      replies.problem(response, callback, ErrorCode.INTERNAL, "interrupted", Map.of());
      return Optional.empty();
    }
  }

  private void respond(Response response, Callback callback, ActionOutcome outcome) {
    switch (outcome) {
      case ActionOutcome.Decided d -> {
        Map<String, Object> body = decisionFields(d.actionId(), d.decision(), d.policyVersion());
        body.put("status", "decided");
        replies.json(response, callback, 200, body);
      }
      case ActionOutcome.Executed e -> {
        Map<String, Object> body = decisionFields(e.actionId(), e.decision(), e.policyVersion());
        switch (e.result()) {
          case DispatchResult.Answered a -> {
            body.put("status", "executed");
            body.put("result", Map.of("status", a.status(), "body", a.body()));
            replies.json(response, callback, 200, body);
          }
          case DispatchResult.Sent sent -> {
            body.put("status", "executed");
            body.put("result", Map.of("message_id", sent.messageId()));
            replies.json(response, callback, 200, body);
          }
          case DispatchResult.ToolResult tool -> {
            body.put("status", "executed");
            body.put("result", tool.result());
            replies.json(response, callback, 200, body);
          }
          case DispatchResult.TimedOut t ->
              replies.problem(
                  response,
                  callback,
                  ErrorCode.UPSTREAM_TIMEOUT,
                  "the tool did not answer in time",
                  body);
          case DispatchResult.Unreachable u ->
              replies.problem(
                  response,
                  callback,
                  ErrorCode.UPSTREAM_FAILED,
                  "the tool could not be reached",
                  body);
        }
      }
      case ActionOutcome.DryRun d -> {
        Map<String, Object> body = decisionFields(d.actionId(), d.decision(), d.policyVersion());
        body.put("status", "dry_run");
        body.put("would_send", d.wouldSend());
        replies.json(response, callback, 200, body);
      }
      case ActionOutcome.Pending p -> {
        Map<String, Object> body = decisionFields(p.actionId(), p.decision(), p.policyVersion());
        body.put("status", "pending_approval");
        body.put("approval_id", p.approvalId());
        body.put("expires_at", p.expiresAt().toString());
        body.put("poll", ACTIONS_PREFIX + p.actionId());
        replies.json(response, callback, 202, body);
      }
      case ActionOutcome.Refused r -> {
        Map<String, Object> body = decisionFields(r.actionId(), r.decision(), r.policyVersion());
        if (r.decision() instanceof Decision.RequireApproval) {
          replies.problem(
              response, callback, ErrorCode.APPROVAL_REQUIRED, r.decision().detail(), body);
        } else {
          replies.problem(response, callback, ErrorCode.ACTION_DENIED, r.decision().detail(), body);
        }
      }
      case ActionOutcome.Failed f ->
          replies.problem(
              response, callback, f.code(), f.detail(), Map.of("action_id", f.actionId()));
    }
  }

  /**
   * {@code GET /v1/actions/{id}?wait=N}: where a held action stands, waiting up to N seconds (at
   * most 60, default 25) for it to be settled. Only the principal that made the call sees it;
   * anyone else, in this tenant or another, gets the same 404 as for an action that never existed.
   */
  private void heldAction(Request request, Response response, Callback callback, String id) {
    Optional<Principal> principal = authenticate(request, response, callback);
    if (principal.isEmpty()) {
      return;
    }
    Duration wait = Duration.ofSeconds(25);
    String waitParam = Request.extractQueryParameters(request).getValue("wait");
    if (waitParam != null) {
      if (!waitParam.matches("[0-9]{1,2}") || Integer.parseInt(waitParam) > 60) {
        replies.problem(
            response, callback, ErrorCode.MALFORMED_REQUEST, "wait is 0 to 60 seconds", Map.of());
        return;
      }
      wait = Duration.ofSeconds(Integer.parseInt(waitParam));
    }
    Optional<ActionOutcome> outcome =
        ACTION_ID.matcher(id).matches()
            ? pipeline.approvals().await(principal.get(), id, wait)
            : Optional.empty();
    if (outcome.isEmpty()) {
      replies.problem(response, callback, ErrorCode.NOT_FOUND, "no such action", Map.of());
      return;
    }
    respond(response, callback, outcome.get());
  }

  private static Map<String, Object> decisionFields(
      String actionId, Decision decision, String version) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action_id", actionId);
    body.put("decision", decision.outcome());
    body.put("reason", decision.reason());
    body.put("detail", decision.detail());
    body.put("rules", decision.ruleIds());
    body.put("policy_version", version);
    if (decision instanceof Decision.RequireApproval r) {
      body.put("approvers", r.approverGroups());
    }
    return body;
  }

  private boolean expect(String method, String allowed, Response response, Callback callback) {
    if (method.equals(allowed)) {
      return true;
    }
    response.getHeaders().put(HttpHeader.ALLOW, allowed);
    replies.problem(response, callback, ErrorCode.METHOD_NOT_ALLOWED, "use " + allowed, Map.of());
    return false;
  }
}
