/**
 * Two-phase destructive operations: a tool that declares {@code phases:} runs its soft step at once
 * (through the usual path: policy, grant, executor); {@link
 * dev.sallyport.gateway.phase.TwoPhaseActions} then schedules the hard step for the end of the
 * reinstate window, durably, and {@link dev.sallyport.gateway.phase.PhaseScheduler} runs it when it
 * is due, through the executor, with a grant minted at that moment for the same call. A
 * reinstatement within the window cancels the hard step and runs the reinstate request instead. See
 * docs/executor.md, "Two-phase destructive operations".
 */
package dev.sallyport.gateway.phase;
