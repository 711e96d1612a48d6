package dev.sallyport.guards.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * The findings of one scan, bounded: once {@code limit} findings have been reported the collector
 * is saturated and ignores the rest, and the scan is refused as a whole (a text with more
 * identifiers than any honest payload carries is blocked, not partially redacted).
 */
public final class Findings {
  private final int limit;
  private final List<Finding> found = new ArrayList<>();
  private boolean saturated;

  public Findings(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    this.limit = limit;
  }

  public void add(Finding finding) {
    if (found.size() >= limit) {
      saturated = true;
      return;
    }
    found.add(finding);
  }

  public boolean saturated() {
    return saturated;
  }

  /** What has been reported so far, in report order (a copy). */
  public List<Finding> all() {
    return List.copyOf(found);
  }
}
