package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * An operator-defined pattern, compiled with RE2/J when the configuration loads (a bad pattern
 * stops the load). RE2/J runs in time linear in the text whatever the pattern, so an operator
 * cannot configure a catastrophic backtracking regex by mistake. Empty matches are ignored.
 */
public final class PatternDetector implements Detector {
  private final EntityType type;
  private final Pattern pattern;
  private final double confidence;

  public PatternDetector(EntityType type, String regex, double confidence) {
    this.type = requireNonNull(type, "type is null");
    requireNonNull(regex, "regex is null");
    if (!(confidence > 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1]: " + confidence);
    }
    try {
      this.pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "pattern for " + type.name() + " does not compile: " + e.getDescription(), e);
    }
    this.confidence = confidence;
  }

  @Override
  public String name() {
    return "pattern-" + type.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      if (matcher.end() > matcher.start()) {
        findings.add(new Finding(type, matcher.start(), matcher.end(), confidence, name()));
      }
      if (findings.saturated()) {
        return;
      }
    }
  }
}
