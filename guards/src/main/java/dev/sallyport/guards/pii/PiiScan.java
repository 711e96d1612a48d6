package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcome of one {@link PiiScanner#scan}: findings, or a refusal that callers MUST block. */
public sealed interface PiiScan permits PiiScan.Scanned, PiiScan.Refused {

  /** The text was scanned completely; {@code findings} are sorted by start and never overlap. */
  record Scanned(List<Finding> findings) implements PiiScan {
    public Scanned {
      findings = List.copyOf(requireNonNull(findings, "findings is null"));
    }
  }

  /**
   * The text was not scanned completely (too long, or more findings than the limit): nothing can be
   * said about it, so it must not pass.
   */
  record Refused(String reason) implements PiiScan {
    public Refused {
      requireNonNull(reason, "reason is null");
    }
  }
}
