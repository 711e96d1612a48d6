package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link PiiPolicy} to the findings of a {@link PiiScanner} for one destination: the
 * strictest action among the findings decides. Any {@code BLOCK} blocks the whole text; otherwise
 * findings to redact are replaced by the session's placeholders and the rest are reported. A scan
 * that was refused (oversized input, too many findings) blocks: nothing unscanned passes.
 */
public final class PiiGuard {
  private final PiiScanner scanner;
  private final PiiPolicy policy;

  public PiiGuard(PiiScanner scanner, PiiPolicy policy) {
    this.scanner = requireNonNull(scanner, "scanner is null");
    this.policy = requireNonNull(policy, "policy is null");
  }

  public PiiOutcome apply(String text, String destination, RedactionSession session) {
    requireNonNull(text, "text is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(session, "session is null");
    List<Finding> findings;
    switch (scanner.scan(text)) {
      case PiiScan.Refused refused -> {
        return new PiiOutcome.Blocked("scan refused: " + refused.reason(), Set.of());
      }
      case PiiScan.Scanned scanned -> findings = scanned.findings();
    }
    List<Finding> redact = new ArrayList<>();
    List<Finding> warn = new ArrayList<>();
    Set<EntityType> blocking = new LinkedHashSet<>();
    for (Finding finding : findings) {
      switch (policy.action(finding.type(), destination)) {
        case ALLOW -> {}
        case WARN -> warn.add(finding);
        case REDACT -> redact.add(finding);
        case BLOCK -> blocking.add(finding.type());
      }
    }
    if (!blocking.isEmpty()) {
      return new PiiOutcome.Blocked("policy blocks " + blocking + " for " + destination, blocking);
    }
    if (redact.isEmpty()) {
      return warn.isEmpty() ? new PiiOutcome.Passed(text) : new PiiOutcome.Warned(text, warn);
    }
    return new PiiOutcome.Redacted(redact(text, redact, session), redact, warn);
  }

  /** Replaces each finding (sorted, non-overlapping) with its placeholder. */
  static String redact(String text, List<Finding> findings, RedactionSession session) {
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : findings) {
      out.append(text, at, f.start());
      out.append(session.placeholder(f.type(), text.subSequence(f.start(), f.end())));
      at = f.end();
    }
    out.append(text, at, text.length());
    return out.toString();
  }
}
