package dev.sallyport.gateway.approval;

import dev.sallyport.gateway.ActionOutcome;
import dev.sallyport.model.ToolCall;

/** Carries out a call that people approved: a fresh grant, then the executor. */
@FunctionalInterface
public interface ApprovedCalls {
  /**
   * Runs {@code call}, approved under {@code policyVersion} as approval {@code approvalId}. Returns
   * what became of it; never throws for an outcome of the call.
   */
  ActionOutcome run(ToolCall call, String policyVersion, String approvalId);
}
