package dev.sallyport.gateway.mcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.sallyport.gateway.http.BearerAuthentication;
import dev.sallyport.mcp.JsonRpcCodec;
import dev.sallyport.mcp.JsonRpcError;
import dev.sallyport.mcp.JsonRpcId;
import dev.sallyport.mcp.JsonRpcMessage;
import dev.sallyport.mcp.ProtocolVersions;
import dev.sallyport.model.Principal;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /mcp}: the MCP Streamable HTTP transport, server side. One JSON-RPC message per {@code
 * POST}; a request is answered with one JSON body, or, for a {@code tools/call} whose caller asked
 * for progress and accepts {@code text/event-stream}, with an event stream of progress
 * notifications that ends with the answer. {@code DELETE} ends a session; {@code GET} is refused
 * with 405, since this server never starts a stream of its own.
 *
 * <p>A request a browser sends from a foreign origin is refused first ({@link McpOrigins}). Every
 * request carries a bearer token; every request after {@code initialize} carries its session id. A
 * message that cannot be read gets a JSON-RPC error and leaves nothing behind: no session is opened
 * and nothing is recorded until a request is well-formed and authenticated.
 */
public final class McpEndpoint extends Handler.Abstract {
  /** Where agents speak MCP. */
  public static final String PATH = "/mcp";

  /**
   * The routes this handler serves; {@code GET} is answered 405, as the transport allows. Listed
   * for the cross-tenant test, which covers every served route.
   */
  public static final java.util.List<dev.sallyport.model.HttpRoute> ROUTES =
      java.util.List.of(
          dev.sallyport.model.HttpRoute.of("POST " + PATH),
          dev.sallyport.model.HttpRoute.of("DELETE " + PATH));

  private static final String SESSION_HEADER = "Mcp-Session-Id";
  private static final String VERSION_HEADER = "MCP-Protocol-Version";

  private final BearerAuthentication bearer;
  private final McpOrigins origins;
  private final McpSessions sessions;
  private final McpMethods methods;
  private final JsonRpcCodec codec;

  public McpEndpoint(
      BearerAuthentication bearer,
      McpOrigins origins,
      McpSessions sessions,
      McpMethods methods,
      JsonRpcCodec codec) {
    this.bearer = requireNonNull(bearer, "bearer is null");
    this.origins = requireNonNull(origins, "origins is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.methods = requireNonNull(methods, "methods is null");
    this.codec = requireNonNull(codec, "codec is null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    try {
      origins.check(request.getHeaders().getValuesList(HttpHeader.ORIGIN));
    } catch (McpOrigins.RefusedException e) {
      // Before the token is read: DNS rebinding must not turn a browser into a client.
      error(
          response, callback, 403, Optional.empty(), JsonRpcError.INVALID_REQUEST, e.getMessage());
      return true;
    }
    switch (request.getMethod()) {
      case "POST" -> post(request, response, callback);
      case "DELETE" -> delete(request, response, callback);
      default -> {
        response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE");
        error(
            response,
            callback,
            405,
            Optional.empty(),
            JsonRpcError.INVALID_REQUEST,
            "use POST for messages and DELETE to end a session; this server opens no stream");
      }
    }
    return true;
  }

  private void post(Request request, Response response, Callback callback) {
    Optional<Principal> authenticated = bearer.authenticate(request, response, callback);
    if (authenticated.isEmpty()) {
      return;
    }
    Principal principal = authenticated.get();
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      error(
          response,
          callback,
          415,
          Optional.empty(),
          JsonRpcError.INVALID_REQUEST,
          "send one JSON-RPC message as application/json");
      return;
    }
    byte[] body;
    try {
      body = Content.Source.asByteArrayAsync(request, codec.json().maxBytes()).get();
    } catch (ExecutionException e) {
      error(
          response,
          callback,
          413,
          Optional.empty(),
          JsonRpcError.INVALID_REQUEST,
          "the message is larger than " + codec.json().maxBytes() + " bytes or could not be read");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(response, callback, 503, Optional.empty(), JsonRpcError.INTERNAL_ERROR, "interrupted");
      return;
    }
    JsonRpcMessage message;
    switch (codec.decode(body)) {
      case JsonRpcCodec.Decoded.Invalid invalid -> {
        error(
            response,
            callback,
            400,
            invalid.id(),
            invalid.error().code(),
            invalid.error().message());
        return;
      }
      case JsonRpcCodec.Decoded.One one -> message = one.message();
    }
    String sessionId = request.getHeaders().get(SESSION_HEADER);
    if (message instanceof JsonRpcMessage.Request r && r.method().equals("initialize")) {
      initialize(principal, r, sessionId, response, callback);
      return;
    }
    if (sessionId == null) {
      error(
          response,
          callback,
          400,
          idOf(message),
          JsonRpcError.INVALID_REQUEST,
          "send the Mcp-Session-Id that initialize returned");
      return;
    }
    String version = request.getHeaders().get(VERSION_HEADER);
    if (version != null && !ProtocolVersions.isSupported(version)) {
      error(
          response,
          callback,
          400,
          idOf(message),
          JsonRpcError.INVALID_REQUEST,
          "unsupported MCP-Protocol-Version; supported: " + ProtocolVersions.SUPPORTED);
      return;
    }
    Optional<McpSessions.Session> found = sessions.find(principal, sessionId);
    if (found.isEmpty()) {
      // Unknown, expired and someone else's sessions look alike; 404 tells the client to
      // initialize again.
      error(
          response,
          callback,
          404,
          idOf(message),
          JsonRpcError.INVALID_REQUEST,
          "no such session; initialize again");
      return;
    }
    McpSessions.Session session = found.get();
    switch (message) {
      case JsonRpcMessage.Notification n -> {
        notified(session, n);
        response.setStatus(202);
        callback.succeeded();
      }
      case JsonRpcMessage.Response r -> accepted(response, callback);
      case JsonRpcMessage.ErrorResponse e -> accepted(response, callback);
      case JsonRpcMessage.Request r -> answer(request, response, callback, session, principal, r);
    }
  }

  private void initialize(
      Principal principal,
      JsonRpcMessage.Request request,
      String sessionId,
      Response response,
      Callback callback) {
    if (sessionId != null) {
      error(
          response,
          callback,
          400,
          Optional.of(request.id()),
          JsonRpcError.INVALID_REQUEST,
          "initialize opens a session: send it without Mcp-Session-Id");
      return;
    }
    if (!(request.params().get("protocolVersion") instanceof String requested)) {
      error(
          response,
          callback,
          400,
          Optional.of(request.id()),
          JsonRpcError.INVALID_PARAMS,
          "params.protocolVersion is required");
      return;
    }
    String version = ProtocolVersions.negotiate(Optional.of(requested));
    McpSessions.Session session = sessions.open(principal, version);
    response.getHeaders().put(SESSION_HEADER, session.id());
    Map<String, Object> result =
        Map.of(
            "protocolVersion",
            version,
            "capabilities",
            Map.of(
                "tools", Map.of("listChanged", false), "resources", Map.of(), "prompts", Map.of()),
            "serverInfo",
            Map.of("name", "sallyport", "version", "0.1.0"),
            "instructions",
            "Every tool call passes Sallyport's policy; some wait for a person's approval.");
    json(response, callback, 200, new JsonRpcMessage.Response(request.id(), result));
  }

  private void answer(
      Request request,
      Response response,
      Callback callback,
      McpSessions.Session session,
      Principal principal,
      JsonRpcMessage.Request call) {
    String accept = Optional.ofNullable(request.getHeaders().get(HttpHeader.ACCEPT)).orElse("");
    boolean streams =
        call.progressToken().isPresent()
            && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    if (!streams) {
      Optional<JsonRpcMessage> answer = methods.answer(session, principal, call, p -> {});
      if (answer.isPresent()) {
        json(response, callback, 200, answer.get());
      } else {
        // Cancelled by the client: no answer is owed.
        accepted(response, callback);
      }
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Optional<JsonRpcMessage> answer =
        methods.answer(
            session,
            principal,
            call,
            progress ->
                event(
                    response,
                    new JsonRpcMessage.Notification("notifications/progress", progress),
                    false));
    answer.ifPresentOrElse(
        a -> {
          event(response, a, true);
          callback.succeeded();
        },
        () -> response.write(true, ByteBuffer.allocate(0), callback));
  }

  /** Writes one event and waits until it is written, so that events never interleave. */
  private void event(Response response, JsonRpcMessage message, boolean last) {
    byte[] data = codec.encode(message);
    byte[] frame = ("event: message\ndata: " + new String(data, UTF_8) + "\n\n").getBytes(UTF_8);
    Callback.Completable written = new Callback.Completable();
    response.write(last, ByteBuffer.wrap(frame), written);
    try {
      written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // The client went away; the call itself ran to its end and is in the ledger.
    }
  }

  private static void notified(McpSessions.Session session, JsonRpcMessage.Notification n) {
    switch (n.method()) {
      case "notifications/initialized" -> session.markInitialized();
      case "notifications/cancelled" -> {
        Object id = n.params().get("requestId");
        if (id instanceof String s) {
          session.cancel(JsonRpcId.of(s));
        } else if (id instanceof Long l) {
          session.cancel(JsonRpcId.of(l));
        }
      }
      default -> {
        // Other notifications (roots changed, progress of nothing we asked) need no action.
      }
    }
  }

  private void delete(Request request, Response response, Callback callback) {
    Optional<Principal> principal = bearer.authenticate(request, response, callback);
    if (principal.isEmpty()) {
      return;
    }
    String sessionId = request.getHeaders().get(SESSION_HEADER);
    if (sessionId == null || !sessions.close(principal.get(), sessionId)) {
      error(
          response,
          callback,
          404,
          Optional.empty(),
          JsonRpcError.INVALID_REQUEST,
          "no such session");
      return;
    }
    response.setStatus(204);
    callback.succeeded();
  }

  private static Optional<JsonRpcId> idOf(JsonRpcMessage message) {
    return message instanceof JsonRpcMessage.Request r ? Optional.of(r.id()) : Optional.empty();
  }

  private static void accepted(Response response, Callback callback) {
    response.setStatus(202);
    callback.succeeded();
  }

  private void error(
      Response response,
      Callback callback,
      int status,
      Optional<JsonRpcId> id,
      int code,
      String message) {
    json(
        response,
        callback,
        status,
        new JsonRpcMessage.ErrorResponse(id, new JsonRpcError(code, message)));
  }

  private void json(Response response, Callback callback, int status, JsonRpcMessage message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(codec.encode(message)), callback);
  }
}
