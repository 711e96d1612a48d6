package dev.sallyport.executor.connector.mcp;

import dev.sallyport.mcp.JsonRpcError;
import java.util.Optional;

/**
 * An exchange with an upstream MCP server that did not produce a result. The message is for
 * operators and the ledger: it names what happened, never a payload.
 */
public final class UpstreamException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** No answer in time; the request was cancelled upstream. */
    TIMED_OUT,
    /** The upstream could not be started or reached, or it went away mid-exchange. */
    UNREACHABLE,
    /** The upstream answered with a JSON-RPC error. */
    ERROR_RESPONSE,
    /** The upstream said something that is not MCP. */
    PROTOCOL
  }

  private final Kind kind;
  private final transient Optional<JsonRpcError> error;

  public UpstreamException(Kind kind, String message) {
    super(message);
    this.kind = kind;
    this.error = Optional.empty();
  }

  public UpstreamException(JsonRpcError error) {
    super("the upstream answered with error " + error.code());
    this.kind = Kind.ERROR_RESPONSE;
    this.error = Optional.of(error);
  }

  public Kind kind() {
    return kind;
  }

  /** The upstream's error, for {@link Kind#ERROR_RESPONSE}. */
  public Optional<JsonRpcError> error() {
    return error;
  }
}
