package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

import dev.sallyport.guards.CharArrayText;
import dev.sallyport.guards.GuardLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every detector over a text and resolves overlaps: where two findings share chars, secrets
 * win, then checksummed identifiers (cards, IBANs); between the other types the more confident
 * finding wins, then the more specific type (SSNs, NINOs, e-mail and operator types before IP
 * addresses before phone numbers, whose shape is the loosest), then the longer. Findings below
 * {@code minConfidence} are dropped before overlaps are resolved, so a weak guess never hides a
 * strong one.
 *
 * <p>Inputs longer than {@link GuardLimits#maxInputChars()} are refused without being scanned, and
 * so are texts with more than {@link GuardLimits#maxFindings()} findings.
 */
public final class PiiScanner {
  private final List<Detector> detectors;
  private final GuardLimits limits;
  private final double minConfidence;

  public PiiScanner(List<Detector> detectors, GuardLimits limits, double minConfidence) {
    this.detectors = List.copyOf(requireNonNull(detectors, "detectors is null"));
    this.limits = requireNonNull(limits, "limits is null");
    if (!(minConfidence > 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("minConfidence must be in (0, 1]: " + minConfidence);
    }
    this.minConfidence = minConfidence;
  }

  public List<Detector> detectors() {
    return detectors;
  }

  public PiiScan scan(CharSequence text) {
    requireNonNull(text, "text is null");
    if (text.length() > limits.maxInputChars()) {
      return new PiiScan.Refused(
          "input of " + text.length() + " chars exceeds the limit of " + limits.maxInputChars());
    }
    Findings findings = new Findings(limits.maxFindings());
    CharSequence view = CharArrayText.of(text);
    for (Detector detector : detectors) {
      detector.scan(view, findings);
      if (findings.saturated()) {
        return new PiiScan.Refused("more than " + limits.maxFindings() + " findings");
      }
    }
    List<Finding> confident = new ArrayList<>();
    for (Finding finding : findings.all()) {
      if (finding.confidence() >= minConfidence) {
        confident.add(finding);
      }
    }
    return new PiiScan.Scanned(resolveOverlaps(confident));
  }

  static List<Finding> resolveOverlaps(List<Finding> findings) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparingInt(Finding::start).thenComparingInt(f -> -f.end()));
    List<Finding> kept = new ArrayList<>();
    for (Finding candidate : sorted) {
      boolean keep = true;
      while (!kept.isEmpty() && kept.get(kept.size() - 1).overlaps(candidate)) {
        Finding last = kept.get(kept.size() - 1);
        if (wins(candidate, last)) {
          kept.remove(kept.size() - 1);
        } else {
          keep = false;
          break;
        }
      }
      if (keep) {
        kept.add(candidate);
      }
    }
    return kept;
  }

  private static boolean wins(Finding a, Finding b) {
    int pa = priority(a.type());
    int pb = priority(b.type());
    // Secrets and checksummed identifiers are certain; between shape-only types, the more
    // confident reading wins (a bare nine-digit number next to "call me" is a phone, not an SSN).
    if ((pa <= 1 || pb <= 1) && pa != pb) {
      return pa < pb;
    }
    if (a.confidence() != b.confidence()) {
      return a.confidence() > b.confidence();
    }
    if (pa != pb) {
      return pa < pb;
    }
    return a.length() > b.length();
  }

  private static int priority(EntityType type) {
    if (type.equals(EntityType.SECRET) || type.equals(EntityType.PUBLISHABLE_KEY)) {
      return 0;
    }
    if (type.equals(EntityType.CREDIT_CARD) || type.equals(EntityType.IBAN_CODE)) {
      return 1;
    }
    if (type.equals(EntityType.IP_ADDRESS)) {
      return 3;
    }
    if (type.equals(EntityType.PHONE_NUMBER)) {
      return 4;
    }
    return 2;
  }
}
