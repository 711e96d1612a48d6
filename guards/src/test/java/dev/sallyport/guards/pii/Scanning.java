package dev.sallyport.guards.pii;

import java.util.List;

/** Runs one detector over a text and returns the matched substrings, for readable assertions. */
final class Scanning {
  private Scanning() {}

  static List<Finding> findings(Detector detector, String text) {
    Findings findings = new Findings(100_000);
    detector.scan(text, findings);
    return findings.all();
  }

  static List<String> matches(Detector detector, String text) {
    return findings(detector, text).stream().map(f -> text.substring(f.start(), f.end())).toList();
  }

  /** Matches reported at or above {@code minConfidence}. */
  static List<String> confident(Detector detector, String text, double minConfidence) {
    return findings(detector, text).stream()
        .filter(f -> f.confidence() >= minConfidence)
        .map(f -> text.substring(f.start(), f.end()))
        .toList();
  }
}
