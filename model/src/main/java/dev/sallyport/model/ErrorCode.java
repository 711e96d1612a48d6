package dev.sallyport.model;

/**
 * Every error Sallyport reports, categorised once. The HTTP edge and the JSON-RPC edge map these in
 * one exhaustive switch each; messages never carry payloads, secrets or another tenant's existence.
 */
public enum ErrorCode {
  MALFORMED_REQUEST(400, -32600, "malformed-request", "Malformed request"),
  INVALID_ARGUMENTS(400, -32602, "invalid-arguments", "Arguments do not match the tool's schema"),
  UNAUTHENTICATED(401, -32001, "unauthenticated", "Authentication required"),
  FORBIDDEN(403, -32003, "forbidden", "Forbidden"),
  ACTION_DENIED(403, -32003, "action-denied", "Action denied by policy"),
  APPROVAL_REQUIRED(403, -32005, "approval-required", "Action needs approval and was not run"),
  NOT_FOUND(404, -32004, "not-found", "Not found"),
  TASK_REFUSED(
      409,
      -32016,
      "task-refused",
      "A session's task is accepted once, before any call, while the session is untainted"),
  METHOD_NOT_ALLOWED(405, -32601, "method-not-allowed", "Method not allowed"),
  PAYLOAD_TOO_LARGE(413, -32600, "payload-too-large", "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(415, -32600, "unsupported-media-type", "Unsupported media type"),
  AUDIT_UNAVAILABLE(503, -32010, "audit-unavailable", "The audit log cannot be written"),
  IDENTITY_UNAVAILABLE(
      503, -32013, "identity-unavailable", "The identity provider's keys are unavailable"),
  UPSTREAM_FAILED(502, -32011, "upstream-failed", "The tool call failed upstream"),
  UPSTREAM_TIMEOUT(504, -32012, "upstream-timeout", "The tool call timed out upstream"),
  GRANT_REJECTED(403, -32014, "grant-rejected", "The executor refused the grant; nothing was sent"),
  EXECUTOR_UNAVAILABLE(
      503, -32015, "executor-unavailable", "The executor could not be reached; nothing is retried"),
  INTERNAL(500, -32603, "internal", "Internal error");

  private final int httpStatus;
  private final int jsonRpcCode;
  private final String slug;
  private final String title;

  ErrorCode(int httpStatus, int jsonRpcCode, String slug, String title) {
    this.httpStatus = httpStatus;
    this.jsonRpcCode = jsonRpcCode;
    this.slug = slug;
    this.title = title;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int jsonRpcCode() {
    return jsonRpcCode;
  }

  /** The stable RFC 9457 {@code type} URI. */
  public String type() {
    return "https://sallyport.dev/problems/" + slug;
  }

  public String title() {
    return title;
  }
}
