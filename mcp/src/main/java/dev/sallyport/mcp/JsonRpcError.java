package dev.sallyport.mcp;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A JSON-RPC error object.
 *
 * @param code a JSON-RPC error code; the reserved ones are the constants here
 * @param message one sentence for the client, naming what is wrong and never echoing its values
 * @param data optional structured detail
 */
public record JsonRpcError(int code, String message, Optional<Object> data) {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** MCP: the requested resource does not exist (or is not the caller's to know of). */
  public static final int RESOURCE_NOT_FOUND = -32002;

  /** Sallyport: policy refused the request, or it waits for people, or it failed on the path. */
  public static final int NOT_CARRIED_OUT = -32003;

  public JsonRpcError {
    requireNonNull(message, "message is null");
    requireNonNull(data, "data is null");
  }

  public JsonRpcError(int code, String message) {
    this(code, message, Optional.empty());
  }
}
