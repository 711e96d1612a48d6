package dev.sallyport.gateway;

import static java.util.Objects.requireNonNull;

import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.model.Decision;
import dev.sallyport.model.ErrorCode;
import java.util.Map;

/** What became of one requested action. Switch over it exhaustively at the edge. */
public sealed interface ActionOutcome {
  String actionId();

  /** Decided only: the caller executes itself ({@code POST /v1/decisions}). */
  record Decided(String actionId, Decision decision, String policyVersion)
      implements ActionOutcome {
    public Decided {
      requireNonNull(decision, "decision is null");
    }
  }

  /**
   * Allowed, granted, verified by the executor and carried to the system, which answered, timed out
   * or could not be reached.
   */
  record Executed(String actionId, Decision decision, String policyVersion, DispatchResult result)
      implements ActionOutcome {}

  /** Dry run: recorded by the executor, nothing sent; {@code wouldSend} is what would have been. */
  record DryRun(
      String actionId, Decision decision, String policyVersion, Map<String, Object> wouldSend)
      implements ActionOutcome {
    public DryRun {
      wouldSend = Map.copyOf(wouldSend);
    }
  }

  /**
   * Held for people: the call waits as approval {@code approvalId} until {@code expiresAt}. Ask
   * again with {@code GET /v1/actions/{actionId}}.
   */
  record Pending(
      String actionId,
      Decision decision,
      String policyVersion,
      String approvalId,
      java.time.Instant expiresAt)
      implements ActionOutcome {}

  /** Not allowed: denied, or an approval that was rejected or expired. */
  record Refused(String actionId, Decision decision, String policyVersion)
      implements ActionOutcome {}

  /**
   * The path itself failed (audit log or session store unavailable, the executor refused the grant
   * or could not be reached): nothing was run, or, for {@link ErrorCode#EXECUTOR_UNAVAILABLE},
   * whether it ran is known only to the executor's ledger and nothing is retried.
   *
   * @param code what failed
   */
  record Failed(String actionId, ErrorCode code, String detail) implements ActionOutcome {}
}
