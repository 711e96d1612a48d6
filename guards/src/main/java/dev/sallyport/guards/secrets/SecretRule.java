package dev.sallyport.guards.secrets;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import dev.sallyport.guards.pii.EntityType;

/**
 * A vendor token format: a literal prefix that starts the token (so the scan only tries the rule
 * where the prefix occurs), an RE2/J pattern the whole token must match, the most chars such a
 * token has, and how random the part after the prefix must be (Shannon entropy in bits per char).
 *
 * @param id a stable id in the style of gitleaks rule ids ({@code github-pat})
 * @param prefix the literal the token starts with, at least two chars
 * @param pattern matched against the whole token (RE2/J: linear time)
 * @param maxLength tokens longer than this are not tried
 * @param minEntropy of the part after the prefix; 0 to skip the test
 * @param confidence reported with findings of this rule
 * @param needsDigit whether the token must contain a digit (for formats whose alphabet would
 *     otherwise also match identifiers in code, such as {@code s.makeKubeConfigController})
 * @param type {@link EntityType#SECRET}, or {@link EntityType#PUBLISHABLE_KEY} for client keys that
 *     vendors publish by design (browser and mobile keys)
 */
public record SecretRule(
    String id,
    String prefix,
    Pattern pattern,
    int maxLength,
    double minEntropy,
    double confidence,
    boolean needsDigit,
    EntityType type) {
  public SecretRule {
    requireNonNull(id, "id is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(pattern, "pattern is null");
    requireNonNull(type, "type is null");
    if (prefix.length() < 2 || prefix.charAt(0) > 127 || prefix.charAt(1) > 127) {
      throw new IllegalArgumentException("rule " + id + ": prefix must start with two ASCII chars");
    }
    if (maxLength < prefix.length() || maxLength > 4096) {
      throw new IllegalArgumentException("rule " + id + ": maxLength out of range: " + maxLength);
    }
    if (!(confidence > 0 && confidence <= 1)) {
      throw new IllegalArgumentException("rule " + id + ": confidence must be in (0, 1]");
    }
  }

  /** A rule whose pattern is {@code regex} (anchored to the whole token). */
  public static SecretRule of(
      String id, String prefix, String regex, int maxLength, double minEntropy, double confidence) {
    return new SecretRule(
        id,
        prefix,
        Pattern.compile(regex),
        maxLength,
        minEntropy,
        confidence,
        false,
        EntityType.SECRET);
  }

  /** The same rule, requiring a digit in the token. */
  public SecretRule withDigit() {
    return new SecretRule(id, prefix, pattern, maxLength, minEntropy, confidence, true, type);
  }

  /** The same rule, for a key that is public by design. */
  public SecretRule publishable() {
    return new SecretRule(
        id,
        prefix,
        pattern,
        maxLength,
        minEntropy,
        confidence,
        needsDigit,
        EntityType.PUBLISHABLE_KEY);
  }
}
