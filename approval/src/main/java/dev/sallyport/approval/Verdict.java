package dev.sallyport.approval;

/** What one person said. */
public enum Verdict {
  APPROVE,
  REJECT;

  /** The lower-case name used in records and forms. */
  public String wireName() {
    return this == APPROVE ? "approve" : "reject";
  }
}
