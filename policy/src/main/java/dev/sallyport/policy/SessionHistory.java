package dev.sallyport.policy;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.Map;

/**
 * What policy may know about a session's past: the port behind the CEL session functions and the
 * taint invariant. Implementations MUST throw when they cannot answer (for example, the database is
 * down); the engine turns that into a deny.
 */
public interface SessionHistory {
  /** Calls of {@code tool} in the session at or after {@code since}. */
  long calls(TenantId tenant, String sessionId, String tool, Instant since);

  /** Sum of the numeric argument {@code argument} over calls of {@code tool} since then. */
  double sum(TenantId tenant, String sessionId, String tool, String argument, Instant since);

  /** True when an approval of {@code kind} (a rule id or a tool name) was given in the session. */
  boolean approved(TenantId tenant, String sessionId, String kind);

  /** True once untrusted content has entered the session. */
  boolean tainted(TenantId tenant, String sessionId);

  /** Records a call that went ahead (allowed or dry-run), with its numeric arguments. */
  void recordCall(
      TenantId tenant, String sessionId, String tool, Map<String, Object> arguments, Instant at);

  /** Records that an approval of {@code kind} was given in the session. */
  void recordApproval(TenantId tenant, String sessionId, String kind, Instant at);

  /** Marks the session as having taken in untrusted content. */
  void markTainted(TenantId tenant, String sessionId, Instant at);
}
