package dev.sallyport.policy;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

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

  /** True once the session has been flagged {@code prompt_injection_suspected}. */
  boolean injectionSuspected(TenantId tenant, String sessionId);

  /**
   * Flags the session {@code prompt_injection_suspected}: from then on every consequential call
   * needs approval, whatever its arguments' provenance.
   */
  void flagInjectionSuspected(TenantId tenant, String sessionId, Instant at);

  /**
   * Records values seen in trusted provenance (a trusted tool's output), as {@link
   * ProvenanceValues} fingerprints.
   */
  void recordTrustedValues(TenantId tenant, String sessionId, Set<String> fingerprints, Instant at);

  /** True when every one of {@code fingerprints} is in the session's trusted provenance. */
  boolean allTraced(TenantId tenant, String sessionId, Set<String> fingerprints);

  /**
   * Records the trusted task that starts the session, with the fingerprints of its values, if the
   * session has no history yet: no task, no call, no taint. The check and the write are one atomic
   * step, so two concurrent tasks cannot both be accepted.
   */
  TaskAdmission startWithTask(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at);

  /** Whether a session's trusted task was accepted, and if not, why. */
  enum TaskAdmission {
    ACCEPTED,
    /** The session already has its task. */
    TASK_ALREADY_GIVEN,
    /** The session has made calls already, so the task would not be the one that started it. */
    SESSION_ALREADY_STARTED,
    /** Untrusted content has entered the session: a task now could carry it. */
    TAINTED
  }
}
