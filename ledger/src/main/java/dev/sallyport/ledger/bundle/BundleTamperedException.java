package dev.sallyport.ledger.bundle;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerVerificationException;

/**
 * A well-formed bundle that does not verify. {@link #index()} is the first bad log index: for entry
 * problems the index of the entry; for checkpoint problems ({@link TamperKind#FORKED_CHECKPOINT},
 * {@link TamperKind#BAD_SIGNATURE}) the tree size the checkpoint claims, which is where its
 * statement about the log begins to matter.
 */
public final class BundleTamperedException extends LedgerVerificationException {
  private static final long serialVersionUID = 1L;

  private final TamperKind kind;
  private final long index;

  public BundleTamperedException(TamperKind kind, long index, String detail) {
    super(
        requireNonNull(kind, "kind is null").description() + " at index " + index + ": " + detail);
    this.kind = kind;
    this.index = index;
  }

  public TamperKind kind() {
    return kind;
  }

  public long index() {
    return index;
  }
}
