package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a value sits in a token's claims: a top-level claim ({@code groups}), a nested one written
 * with dots ({@code realm_access.roles}, Keycloak's realm roles), or a namespaced claim whose name
 * is a URL ({@code https://acme.example/roles}, which is never split at its dots).
 *
 * @param names the claim names from the top of the claims object down, each non-blank
 */
public record ClaimPath(List<String> names) {
  public ClaimPath {
    names = List.copyOf(names);
    if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("a claim path needs non-blank names");
    }
  }

  /**
   * Reads {@code realm_access.roles} as two names and a URL-like name as one.
   *
   * @throws IllegalArgumentException when a part between dots is empty
   */
  public static ClaimPath parse(String text) {
    requireNonNull(text, "text is null");
    if (text.contains("://")) {
      return new ClaimPath(List.of(text));
    }
    return new ClaimPath(List.of(text.split("\\.", -1)));
  }

  /** The value at this path, or empty when a name on the way is missing or not an object. */
  public Optional<Object> lookup(Map<String, Object> claims) {
    Object current = claims;
    for (String name : names) {
      if (!(current instanceof Map<?, ?> object)) {
        return Optional.empty();
      }
      current = object.get(name);
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  @Override
  public String toString() {
    return String.join(".", names);
  }
}
