package dev.sallyport.gateway;

import static java.util.Objects.requireNonNull;

import dev.sallyport.gateway.dispatch.DispatchResult;
import dev.sallyport.gateway.dispatch.PlannedRequest;
import dev.sallyport.model.Decision;
import dev.sallyport.model.ErrorCode;

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

  /** Allowed and carried to the system, which answered, timed out or could not be reached. */
  record Executed(String actionId, Decision decision, String policyVersion, DispatchResult result)
      implements ActionOutcome {}

  /** Dry run: recorded, nothing sent; {@code planned} is what would have been sent. */
  record DryRun(String actionId, Decision decision, String policyVersion, PlannedRequest planned)
      implements ActionOutcome {}

  /** Not allowed (denied, or waiting for an approval that this build cannot yet collect). */
  record Refused(String actionId, Decision decision, String policyVersion)
      implements ActionOutcome {}

  /**
   * The path itself failed (audit log or session store unavailable): nothing was run.
   *
   * @param code what failed
   */
  record Failed(String actionId, ErrorCode code, String detail) implements ActionOutcome {}
}
