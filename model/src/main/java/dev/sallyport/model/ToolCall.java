package dev.sallyport.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * One request by a principal to run one tool with arguments, as it reaches the policy stage.
 *
 * @param actionId time-ordered id that every ledger event about this call refers to
 * @param principal the caller, established from a validated token
 * @param toolName the tool being asked for; it may not exist in the catalogue
 * @param arguments immutable JSON arguments
 * @param sessionId the agent's session, for stateful rules
 * @param requestedAt when the request arrived, from the injected clock
 */
public record ToolCall(
    String actionId,
    Principal principal,
    String toolName,
    Map<String, Object> arguments,
    String sessionId,
    Instant requestedAt) {
  public ToolCall {
    requireNonNull(actionId, "actionId is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(toolName, "toolName is null");
    requireNonNull(arguments, "arguments is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(requestedAt, "requestedAt is null");
    if (toolName.isBlank()) {
      throw new IllegalArgumentException("tool name is blank");
    }
    if (sessionId.isBlank()) {
      throw new IllegalArgumentException("session id is blank");
    }
    arguments = JsonValues.immutableObject(arguments);
  }

  public TenantId tenant() {
    return principal.tenant();
  }

  /** SHA-256 of the canonical arguments: what approvals, grants and the ledger bind to. */
  public String argumentsDigest() {
    return CanonicalJson.sha256Hex(arguments);
  }
}
