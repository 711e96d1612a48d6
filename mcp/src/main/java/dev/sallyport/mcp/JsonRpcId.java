package dev.sallyport.mcp;

import static java.util.Objects.requireNonNull;

/**
 * A JSON-RPC request id: a string or an integer (MCP forbids null ids on requests).
 *
 * @param value a {@link String} or a {@link Long}
 */
public record JsonRpcId(Object value) {
  public JsonRpcId {
    requireNonNull(value, "value is null");
    if (!(value instanceof String) && !(value instanceof Long)) {
      throw new IllegalArgumentException("an id is a string or an integer");
    }
  }

  public static JsonRpcId of(long value) {
    return new JsonRpcId(value);
  }

  public static JsonRpcId of(String value) {
    return new JsonRpcId(value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
