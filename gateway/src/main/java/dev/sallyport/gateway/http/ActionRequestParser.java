package dev.sallyport.gateway.http;

import dev.sallyport.gateway.ActionRequest;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the body of {@code POST /v1/actions} and {@code POST /v1/decisions}:
 *
 * <pre>{"tool": "payments.pay_supplier", "arguments": {...}, "session_id": "run-42"}</pre>
 *
 * {@code arguments} defaults to {@code {}}, {@code session_id} to {@code default}. Unknown fields
 * are refused.
 */
public final class ActionRequestParser {
  private static final Set<String> FIELDS = Set.of("tool", "arguments", "session_id");
  private static final Pattern TOOL = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+");
  private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final JsonBodies json;

  public ActionRequestParser(JsonBodies json) {
    this.json = json;
  }

  public ActionRequest parse(byte[] body) throws MalformedRequestException {
    Map<String, Object> object = json.object(body);
    for (String key : object.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new MalformedRequestException("unknown field '" + truncate(key) + "'");
      }
    }
    if (!(object.get("tool") instanceof String tool)) {
      throw new MalformedRequestException("'tool' is required and must be a string");
    }
    if (tool.length() > 200 || !TOOL.matcher(tool).matches()) {
      throw new MalformedRequestException(
          "'tool' must be a namespaced tool name like billing.send_invoice");
    }
    Object arguments = object.getOrDefault("arguments", Map.of());
    if (!(arguments instanceof Map<?, ?> args)) {
      throw new MalformedRequestException("'arguments' must be a JSON object");
    }
    Object session = object.getOrDefault("session_id", "default");
    if (!(session instanceof String sessionId) || !isValidSessionId(sessionId)) {
      throw new MalformedRequestException(
          "'session_id' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) args;
    return new ActionRequest(tool, typed, sessionId);
  }

  /** 1-128 characters of A-Z a-z 0-9 . _ : - (never '/', which joins principal and session). */
  static boolean isValidSessionId(String sessionId) {
    return SESSION.matcher(sessionId).matches();
  }

  static String truncate(String key) {
    String printable = key.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }
}
