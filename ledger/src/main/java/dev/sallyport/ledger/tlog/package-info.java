/**
 * The transparency-log text formats of C2SP: {@link dev.sallyport.ledger.tlog.Checkpoint}
 * (c2sp.org/tlog-checkpoint, the signed statement "this log has N entries and this root"), {@link
 * dev.sallyport.ledger.tlog.SignedCheckpoint} (a checkpoint whose note signature has been checked)
 * and {@link dev.sallyport.ledger.tlog.TlogProof} (c2sp.org/tlog-proof, the offline receipt for one
 * event: an inclusion proof plus the checkpoint it leads to).
 */
package dev.sallyport.ledger.tlog;
