package dev.sallyport.guards.screen;

/** The screen's verdict on one piece of content, by the configured thresholds. */
public enum Verdict {
  CLEAN,
  SUSPECTED,
  QUARANTINE
}
