package dev.sallyport.gateway.guard;

import static java.util.Objects.requireNonNull;

import dev.sallyport.guards.pii.Finding;
import dev.sallyport.guards.pii.PiiScan;
import dev.sallyport.guards.pii.PiiScanner;
import dev.sallyport.policy.ProvenanceValues;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a trusted source states, as {@link ProvenanceValues} fingerprints: from JSON, every
 * scalar leaf (a string leaf whole, and the values in its text); from text, every word (split at
 * whitespace, with surrounding punctuation and quotes removed) and every identifier the PII
 * detectors find (so an IBAN printed in groups of four, or an e-mail address in angle brackets, is
 * one value). At most {@link #MAX_VALUES} per source: anything beyond is simply not trusted, so a
 * call that uses it needs approval.
 */
public final class ProvenanceExtractor {
  /** The most fingerprints one trusted result or task contributes. */
  public static final int MAX_VALUES = 10_000;

  /** Texts longer than this contribute their words only, not the detectors' identifiers. */
  private static final int MAX_SCANNED_CHARS = 1 << 20;

  private static final String PUNCTUATION = ".,;:!?()[]{}<>\"'`*";

  private final PiiScanner identifiers;

  /**
   * @param identifiers a scanner over the identifier detectors (e-mail, IBAN, phone, card, ...)
   */
  public ProvenanceExtractor(PiiScanner identifiers) {
    this.identifiers = requireNonNull(identifiers, "identifiers is null");
  }

  /** The fingerprints of the values in a JSON value (map, list, string, number, boolean). */
  public Set<String> fromJson(Object value) {
    Set<String> out = new LinkedHashSet<>();
    walk(value, out, 0);
    return out;
  }

  /** The fingerprints of the values in a text. */
  public Set<String> fromText(String text) {
    Set<String> out = new LinkedHashSet<>();
    text(text, out);
    return out;
  }

  private void walk(Object value, Set<String> out, int depth) {
    if (out.size() >= MAX_VALUES || depth > 64) {
      return;
    }
    switch (value) {
      case Map<?, ?> map -> map.values().forEach(v -> walk(v, out, depth + 1));
      case List<?> list -> list.forEach(v -> walk(v, out, depth + 1));
      case String s -> {
        add(s, out);
        text(s, out);
      }
      default -> add(value, out);
    }
  }

  private void text(String text, Set<String> out) {
    int i = 0;
    int n = text.length();
    while (i < n && out.size() < MAX_VALUES) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        add(trimPunctuation(text.substring(start, i)), out);
      }
    }
    if (text.length() <= MAX_SCANNED_CHARS
        && identifiers.scan(text) instanceof PiiScan.Scanned scanned) {
      for (Finding finding : scanned.findings()) {
        add(text.substring(finding.start(), finding.end()), out);
      }
    }
  }

  private static void add(Object scalar, Set<String> out) {
    if (out.size() < MAX_VALUES) {
      ProvenanceValues.fingerprint(scalar).ifPresent(out::add);
    }
  }

  /** "alice@acme.example." and "(S-100)" are the values alice@acme.example and S-100. */
  private static String trimPunctuation(String word) {
    int start = 0;
    int end = word.length();
    while (start < end && PUNCTUATION.indexOf(word.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && PUNCTUATION.indexOf(word.charAt(end - 1)) >= 0) {
      end--;
    }
    String trimmed = word.substring(start, end);
    return trimmed.regionMatches(true, 0, "mailto:", 0, 7) ? trimmed.substring(7) : trimmed;
  }
}
