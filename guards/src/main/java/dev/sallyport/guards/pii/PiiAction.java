package dev.sallyport.guards.pii;

/** What to do with a finding, in order of restrictiveness. */
public enum PiiAction {
  /** Let it through unchanged and unreported. */
  ALLOW,
  /** Let it through unchanged, and report it. */
  WARN,
  /** Replace it with a typed placeholder, consistent within the session. */
  REDACT,
  /** Stop the whole text. */
  BLOCK;

  public boolean stricterThan(PiiAction other) {
    return ordinal() > other.ordinal();
  }
}
