package dev.sallyport.ledger.bundle;

/** What is wrong with a bundle that does not verify, for the auditor's report. */
public enum TamperKind {
  /** An entry's bytes are not the bytes the log signed (or the entry line is malformed). */
  MODIFIED_ENTRY("modified entry"),
  /** An index the checkpoints cover has no entry. */
  MISSING_ENTRY("missing entry"),
  /** An entry that the log never had: a repeated index, or entries beyond every checkpoint. */
  INSERTED_ENTRY("inserted entry"),
  /** Every entry is there but not in index order. */
  REORDERED_ENTRIES("reordered entries"),
  /** The bundle ends before the size its checkpoints sign. */
  TRUNCATED_LOG("truncated log"),
  /** A correctly signed checkpoint that disagrees with the log the other checkpoints sign. */
  FORKED_CHECKPOINT("forked checkpoint"),
  /** A checkpoint without a valid signature by the log's key. */
  BAD_SIGNATURE("bad signature");

  private final String description;

  TamperKind(String description) {
    this.description = description;
  }

  /** Lowercase words, as the CLI prints them. */
  public String description() {
    return description;
  }
}
