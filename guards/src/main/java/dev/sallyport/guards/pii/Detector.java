package dev.sallyport.guards.pii;

/**
 * One detector: scans a text once, left to right, and reports what it finds to a {@link Findings}
 * collector. Implementations MUST run in time linear in the length of the text (hand-written
 * scanners, or RE2/J), MUST NOT perform I/O and MUST NOT keep state between calls: one detector is
 * shared by every thread.
 */
public interface Detector {
  /** A short stable name, used in findings' rules and in metrics. */
  String name();

  void scan(CharSequence text, Findings findings);
}
