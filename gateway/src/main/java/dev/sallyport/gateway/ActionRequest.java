package dev.sallyport.gateway;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.JsonValues;
import java.util.Map;

/**
 * A caller's request to run a tool, as parsed at the edge and before identity adds the principal.
 *
 * @param tool the tool asked for
 * @param arguments its JSON arguments
 * @param sessionId the agent's session id, for session rules
 */
public record ActionRequest(String tool, Map<String, Object> arguments, String sessionId) {
  public ActionRequest {
    requireNonNull(tool, "tool is null");
    requireNonNull(sessionId, "sessionId is null");
    arguments = JsonValues.immutableObject(arguments);
  }
}
