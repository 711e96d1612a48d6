package dev.sallyport.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.JsonValues;
import java.util.Map;
import java.util.Optional;

/** One JSON-RPC 2.0 message, as MCP exchanges them. Switch over it exhaustively. */
public sealed interface JsonRpcMessage {
  /** A call that expects a response with the same id. */
  record Request(JsonRpcId id, String method, Map<String, Object> params)
      implements JsonRpcMessage {
    public Request {
      requireNonNull(id, "id is null");
      requireNonNull(method, "method is null");
      params = JsonValues.immutableObject(params);
    }

    /** The progress token the caller asked progress notifications under, if any. */
    public Optional<Object> progressToken() {
      return params.get("_meta") instanceof Map<?, ?> meta
              && (meta.get("progressToken") instanceof String
                  || meta.get("progressToken") instanceof Long)
          ? Optional.of(meta.get("progressToken"))
          : Optional.empty();
    }
  }

  /** A one-way message: no response is sent for it. */
  record Notification(String method, Map<String, Object> params) implements JsonRpcMessage {
    public Notification {
      requireNonNull(method, "method is null");
      params = JsonValues.immutableObject(params);
    }
  }

  /** The successful response to the request with {@code id}. */
  record Response(JsonRpcId id, Map<String, Object> result) implements JsonRpcMessage {
    public Response {
      requireNonNull(id, "id is null");
      result = JsonValues.immutableObject(result);
    }
  }

  /**
   * The failed response to the request with {@code id}; without an id when the request could not be
   * read far enough to know it.
   */
  record ErrorResponse(Optional<JsonRpcId> id, JsonRpcError error) implements JsonRpcMessage {
    public ErrorResponse {
      requireNonNull(id, "id is null");
      requireNonNull(error, "error is null");
    }

    public static ErrorResponse to(JsonRpcId id, int code, String message) {
      return new ErrorResponse(Optional.of(id), new JsonRpcError(code, message));
    }
  }
}
