package dev.sallyport.executor.connector;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.JsonValues;
import java.util.Map;

/** What happened when a call was carried to its system. */
public sealed interface DispatchResult {
  /** Short outcome for the ledger: ok, upstream_error, timeout, unreachable. */
  String outcome();

  /** Stable reason for the ledger, such as {@code status_201} or {@code timeout}. */
  String reason();

  /**
   * The system answered.
   *
   * @param status the HTTP status it answered with
   * @param body its answer: parsed JSON when it sent JSON, else text
   */
  record Answered(int status, Object body) implements DispatchResult {
    public Answered {
      requireNonNull(body, "body is null");
    }

    @Override
    public String outcome() {
      return status >= 200 && status < 300 ? "ok" : "upstream_error";
    }

    @Override
    public String reason() {
      return "status_" + status;
    }
  }

  /**
   * A mail relay accepted the message for delivery.
   *
   * @param messageId the {@code Message-ID} it was sent with
   */
  record Sent(String messageId) implements DispatchResult {
    public Sent {
      requireNonNull(messageId, "messageId is null");
    }

    @Override
    public String outcome() {
      return "ok";
    }

    @Override
    public String reason() {
      return "accepted";
    }
  }

  /**
   * An upstream MCP server answered a {@code tools/call}.
   *
   * @param result its {@code CallToolResult} as received ({@code content}, {@code isError}, {@code
   *     structuredContent}...): untrusted content, for the guards before the agent
   */
  record ToolResult(Map<String, Object> result) implements DispatchResult {
    public ToolResult {
      result = JsonValues.immutableObject(result);
    }

    /** True when the tool itself reported failure ({@code isError}). */
    public boolean isError() {
      return Boolean.TRUE.equals(result.get("isError"));
    }

    @Override
    public String outcome() {
      return isError() ? "tool_error" : "ok";
    }

    @Override
    public String reason() {
      return isError() ? "is_error" : "tool_result";
    }
  }

  /** No answer within the connector's timeout. */
  record TimedOut() implements DispatchResult {
    @Override
    public String outcome() {
      return "timeout";
    }

    @Override
    public String reason() {
      return "timeout";
    }
  }

  /** The system could not be reached or the exchange broke; {@code reason} names how. */
  record Unreachable(String reason) implements DispatchResult {
    public Unreachable {
      requireNonNull(reason, "reason is null");
    }

    @Override
    public String outcome() {
      return "unreachable";
    }
  }
}
