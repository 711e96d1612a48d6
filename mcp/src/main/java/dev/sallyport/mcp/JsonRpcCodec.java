package dev.sallyport.mcp;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes single JSON-RPC 2.0 messages strictly. Anything else — a batch, a params array,
 * a null id, an unknown member, a wrong version — is refused with the JSON-RPC error to answer
 * with, so that an endpoint never has to guess and never keeps state for a message it could not
 * read.
 */
public final class JsonRpcCodec {
  /** The largest message read: larger input is refused unparsed. */
  public static final int DEFAULT_MAX_BYTES = 4 << 20;

  private static final int MAX_METHOD_LENGTH = 128;
  private static final int MAX_STRING_ID_LENGTH = 256;
  private static final Set<String> MEMBERS =
      Set.of("jsonrpc", "id", "method", "params", "result", "error");

  /** What one body held. */
  public sealed interface Decoded {
    /** One well-formed message. */
    record One(JsonRpcMessage message) implements Decoded {
      public One {
        requireNonNull(message, "message is null");
      }
    }

    /**
     * Not a message this side accepts; answer with {@code error}, under {@code id} when it could be
     * read.
     */
    record Invalid(Optional<JsonRpcId> id, JsonRpcError error) implements Decoded {
      public Invalid {
        requireNonNull(id, "id is null");
        requireNonNull(error, "error is null");
      }

      /** The error response this calls for. */
      public JsonRpcMessage.ErrorResponse response() {
        return new JsonRpcMessage.ErrorResponse(id, error);
      }
    }
  }

  private final StrictJson json;

  public JsonRpcCodec(int maxBytes) {
    this.json = new StrictJson(maxBytes);
  }

  public JsonRpcCodec() {
    this(DEFAULT_MAX_BYTES);
  }

  /** The JSON reader and writer this codec uses, for the values inside messages. */
  public StrictJson json() {
    return json;
  }

  /** Reads one body. Never throws on bad input: that is an {@link Decoded.Invalid}. */
  public Decoded decode(byte[] body) {
    Object value;
    try {
      value = json.read(body);
    } catch (MalformedJsonException e) {
      return invalid(Optional.empty(), JsonRpcError.PARSE_ERROR, e.getMessage());
    }
    return decodeValue(value);
  }

  /** Reads one already-parsed JSON value as a message. */
  public Decoded decodeValue(Object value) {
    if (value instanceof java.util.List<?>) {
      // Batching was removed from MCP in 2025-06-18; accepting it would multiply one request's
      // work and complicate every limit.
      return invalid(
          Optional.empty(),
          JsonRpcError.INVALID_REQUEST,
          "batches are not accepted: send one JSON-RPC message per request");
    }
    if (!(value instanceof Map<?, ?> object)) {
      return invalid(Optional.empty(), JsonRpcError.INVALID_REQUEST, "expected a JSON object");
    }
    Optional<JsonRpcId> id;
    Object rawId = object.get("id");
    if (rawId == null) {
      id = Optional.empty();
    } else if (rawId instanceof Long l) {
      id = Optional.of(JsonRpcId.of(l));
    } else if (rawId instanceof String s && s.length() <= MAX_STRING_ID_LENGTH) {
      id = Optional.of(JsonRpcId.of(s));
    } else {
      return invalid(
          Optional.empty(),
          JsonRpcError.INVALID_REQUEST,
          "id must be a string of at most 256 characters or an integer");
    }
    for (Object key : object.keySet()) {
      if (!MEMBERS.contains(key)) {
        return invalid(id, JsonRpcError.INVALID_REQUEST, "unknown member '" + printable(key) + "'");
      }
    }
    if (!"2.0".equals(object.get("jsonrpc"))) {
      return invalid(id, JsonRpcError.INVALID_REQUEST, "jsonrpc must be \"2.0\"");
    }
    if (object.containsKey("method")) {
      return call(object, id);
    }
    return response(object, id);
  }

  private static Decoded call(Map<?, ?> object, Optional<JsonRpcId> id) {
    if (!(object.get("method") instanceof String method)
        || method.isEmpty()
        || method.length() > MAX_METHOD_LENGTH) {
      return invalid(
          id, JsonRpcError.INVALID_REQUEST, "method must be a string of 1 to 128 characters");
    }
    if (object.containsKey("result") || object.containsKey("error")) {
      return invalid(id, JsonRpcError.INVALID_REQUEST, "a request has no result or error");
    }
    Object rawParams = object.containsKey("params") ? object.get("params") : Map.of();
    if (!(rawParams instanceof Map<?, ?> p)) {
      return invalid(id, JsonRpcError.INVALID_REQUEST, "params must be an object");
    }
    Map<String, Object> params = stringKeyed(p);
    return new Decoded.One(
        id.isPresent()
            ? new JsonRpcMessage.Request(id.get(), method, params)
            : new JsonRpcMessage.Notification(method, params));
  }

  private static Decoded response(Map<?, ?> object, Optional<JsonRpcId> id) {
    boolean hasResult = object.containsKey("result");
    boolean hasError = object.containsKey("error");
    if (hasResult == hasError) {
      return invalid(
          id, JsonRpcError.INVALID_REQUEST, "a message needs a method, a result or an error");
    }
    if (object.containsKey("params")) {
      return invalid(id, JsonRpcError.INVALID_REQUEST, "a response has no params");
    }
    if (hasResult) {
      if (id.isEmpty()) {
        return invalid(id, JsonRpcError.INVALID_REQUEST, "a result needs the request's id");
      }
      if (!(object.get("result") instanceof Map<?, ?> result)) {
        return invalid(id, JsonRpcError.INVALID_REQUEST, "result must be an object");
      }
      return new Decoded.One(new JsonRpcMessage.Response(id.get(), stringKeyed(result)));
    }
    if (!(object.get("error") instanceof Map<?, ?> error)
        || !(error.get("code") instanceof Long code)
        || code != code.intValue()
        || !(error.get("message") instanceof String message)) {
      return invalid(
          id,
          JsonRpcError.INVALID_REQUEST,
          "error must be an object with an integer code and a message");
    }
    return new Decoded.One(
        new JsonRpcMessage.ErrorResponse(
            id,
            new JsonRpcError(code.intValue(), message, Optional.ofNullable(error.get("data")))));
  }

  /** The message as the JSON object sent on the wire. */
  public static Map<String, Object> toJson(JsonRpcMessage message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jsonrpc", "2.0");
    switch (message) {
      case JsonRpcMessage.Request r -> {
        out.put("id", r.id().value());
        out.put("method", r.method());
        if (!r.params().isEmpty()) {
          out.put("params", r.params());
        }
      }
      case JsonRpcMessage.Notification n -> {
        out.put("method", n.method());
        if (!n.params().isEmpty()) {
          out.put("params", n.params());
        }
      }
      case JsonRpcMessage.Response r -> {
        out.put("id", r.id().value());
        out.put("result", r.result());
      }
      case JsonRpcMessage.ErrorResponse e -> {
        out.put("id", e.id().map(JsonRpcId::value).orElse(null));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.error().code());
        error.put("message", e.error().message());
        e.error().data().ifPresent(d -> error.put("data", d));
        out.put("error", error);
      }
    }
    return out;
  }

  /** The message as bytes on the wire. */
  public byte[] encode(JsonRpcMessage message) {
    return json.write(toJson(message));
  }

  private static Map<String, Object> stringKeyed(Map<?, ?> map) {
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) map;
    return typed;
  }

  private static Decoded invalid(Optional<JsonRpcId> id, int code, String message) {
    return new Decoded.Invalid(id, new JsonRpcError(code, message));
  }

  /** A member name for an error message: short and printable, so it cannot forge log lines. */
  private static String printable(Object key) {
    String s = String.valueOf(key);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 40; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
