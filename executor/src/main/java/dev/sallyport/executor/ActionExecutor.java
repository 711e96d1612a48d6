package dev.sallyport.executor;

/**
 * The doer, as the gateway sees it: in the same process ({@link VerifyingExecutor}) or behind HTTP
 * ({@link dev.sallyport.executor.http.RemoteExecutor}). Either way the grant is verified by the
 * same code before anything is sent.
 */
public interface ActionExecutor {
  /**
   * Verifies the grant against the exact request the call maps to and, only if it verifies, sends
   * that request once. MUST NOT throw: every failure is an outcome in which nothing was sent, or
   * {@link ExecutionOutcome.Unavailable} when that cannot be known.
   */
  ExecutionOutcome execute(ExecutionRequest request);

  /** Prepares and records the request the call would make, and sends nothing. MUST NOT throw. */
  ExecutionOutcome dryRun(DryRunRequest request);
}
