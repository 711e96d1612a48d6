package dev.sallyport.gateway.guard;

import static java.util.Objects.requireNonNull;

import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.Principal;
import dev.sallyport.policy.SessionHistory;
import dev.sallyport.policy.SessionHistory.TaskAdmission;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * The trusted task that starts a session ({@code POST /v1/sessions/{id}/task}): what the agent's
 * user asked for, given before the session has done anything. Its values (addresses, accounts,
 * amounts, names) become trusted provenance, so a call built from them needs no approval even after
 * the session has read untrusted content.
 *
 * <p>Accepted once, and only as the first thing in the session: not after a call (the agent may
 * have read something by then, through Sallyport or on its own), and never once the session is
 * tainted (the "task" could be the injection speaking). Recorded in the ledger as {@code
 * session.task} with the SHA-256 of the text, accepted or refused.
 */
public final class SessionTasks {
  private final SessionHistory history;
  private final ProvenanceExtractor provenance;
  private final AuditRecorder audit;
  private final Clock clock;

  public SessionTasks(
      SessionHistory history, ProvenanceExtractor provenance, AuditRecorder audit, Clock clock) {
    this.history = requireNonNull(history, "history is null");
    this.provenance = requireNonNull(provenance, "provenance is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The session as the store keys it: a session belongs to the principal that uses it, so no caller
   * can read or pollute another principal's session by naming it.
   */
  public static String sessionKey(Principal principal, String sessionId) {
    return principal.id() + "/" + sessionId;
  }

  /** What became of a task. */
  public sealed interface Outcome {
    /** Recorded; its values are trusted provenance in the session. */
    record Accepted() implements Outcome {}

    /** Not recorded; {@code reason} is stable, {@code detail} human-readable. */
    record Refused(String reason, String detail) implements Outcome {}

    /** The store or the ledger failed; {@code code} says which. */
    record Failed(ErrorCode code, String detail) implements Outcome {}
  }

  /** Takes the task of {@code principal}'s session {@code sessionId}, or says why not. */
  public Outcome start(Principal principal, String sessionId, String task) {
    String session = sessionKey(principal, sessionId);
    TaskAdmission admission;
    try {
      admission =
          history.startWithTask(
              principal.tenant(), session, provenance.fromText(task), clock.instant());
    } catch (RuntimeException e) {
      return new Outcome.Failed(ErrorCode.INTERNAL, "the session store could not take the task");
    }
    Outcome outcome =
        switch (admission) {
          case ACCEPTED -> new Outcome.Accepted();
          case TASK_ALREADY_GIVEN ->
              new Outcome.Refused("task_already_given", "the session already has its task");
          case SESSION_ALREADY_STARTED ->
              new Outcome.Refused(
                  "session_already_started",
                  "the task must come first: the session has made calls already");
          case TAINTED ->
              new Outcome.Refused(
                  "session_tainted", "the session has taken in untrusted content already");
        };
    try {
      audit.sessionTask(
          principal.tenant(),
          principal.id(),
          session,
          outcome instanceof Outcome.Refused r ? r.reason() : "accepted",
          sha256(task));
    } catch (AuditUnavailableException e) {
      return new Outcome.Failed(
          ErrorCode.AUDIT_UNAVAILABLE, "the task could not be recorded in the ledger");
    }
    return outcome;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
