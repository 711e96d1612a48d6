package dev.sallyport.model;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The tenant a request acts for. Typed so that a storage method without a tenant does not compile.
 */
public record TenantId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public TenantId {
    requireNonNull(value, "value is null");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
