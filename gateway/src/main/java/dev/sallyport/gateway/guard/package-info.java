/**
 * The guards on the path (issue #8): {@link dev.sallyport.gateway.guard.ResultGuard} handles every
 * tool result before the agent sees it (trusted output becomes provenance; untrusted output taints
 * the session, is screened, flagged, annotated, datamarked or withheld), {@link
 * dev.sallyport.gateway.guard.SessionTasks} takes the trusted task that starts a session, and
 * {@link dev.sallyport.gateway.guard.ProvenanceExtractor} turns trusted text and JSON into the
 * fingerprints the taint invariant traces arguments to.
 */
package dev.sallyport.gateway.guard;
