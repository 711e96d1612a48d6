package dev.sallyport.ledger.bundle;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.tlog.Checkpoint;

/**
 * The summary of a bundle that verified.
 *
 * @param manifest what the bundle says about itself
 * @param size number of entries, equal to the latest checkpoint's size
 * @param latest the latest checkpoint; an auditor compares it with one obtained elsewhere, because
 *     a bundle cut back to an earlier checkpoint is indistinguishable from an older export
 * @param checkpoints number of checkpoints verified
 * @param prunedEntries entries whose payload retention removed (only their leaf hash is present)
 * @param keyPinned true when the key was given by the auditor, false when it was read from the
 *     bundle itself (then the bundle only proves it is self-consistent)
 */
public record VerifiedBundle(
    BundleManifest manifest,
    long size,
    Checkpoint latest,
    int checkpoints,
    long prunedEntries,
    boolean keyPinned) {
  public VerifiedBundle {
    requireNonNull(manifest, "manifest is null");
    requireNonNull(latest, "latest is null");
  }
}
