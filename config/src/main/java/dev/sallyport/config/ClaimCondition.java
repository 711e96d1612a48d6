package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One test on one claim of a validated token, as written under {@code principals} in an issuer's
 * configuration. Only string claims can equal or start with a value: a number, list or object never
 * matches, so a rule cannot be satisfied by a claim of an unexpected shape.
 */
public sealed interface ClaimCondition {
  ClaimPath path();

  /** True when the claims satisfy this condition. */
  boolean test(Map<String, Object> claims);

  /** {@code claim: {equals: value}}: the claim is this exact string. */
  record Equals(ClaimPath path, String value) implements ClaimCondition {
    public Equals {
      requireNonNull(path, "path is null");
      requireNonNull(value, "value is null");
    }

    @Override
    public boolean test(Map<String, Object> claims) {
      return path.lookup(claims).map(value::equals).orElse(false);
    }
  }

  /** {@code claim: {prefix: value}}: the claim is a string starting with this (non-empty) text. */
  record Prefix(ClaimPath path, String prefix) implements ClaimCondition {
    public Prefix {
      requireNonNull(path, "path is null");
      requireNonNull(prefix, "prefix is null");
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("prefix is empty");
      }
    }

    @Override
    public boolean test(Map<String, Object> claims) {
      return path.lookup(claims)
          .map(v -> v instanceof String s && s.startsWith(prefix))
          .orElse(false);
    }
  }

  /** {@code claim: {present: true|false}}: the claim is there (with any value) or absent. */
  record Present(ClaimPath path, boolean present) implements ClaimCondition {
    public Present {
      requireNonNull(path, "path is null");
    }

    @Override
    public boolean test(Map<String, Object> claims) {
      return path.lookup(claims).isPresent() == present;
    }
  }
}
