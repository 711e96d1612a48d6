package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

/**
 * The kind of a finding, named as in Presidio and the evaluation data ({@code EMAIL_ADDRESS},
 * {@code CREDIT_CARD}, …). Operators name their own types for their patterns and word lists.
 *
 * @param name the entity name: upper case letters, digits and underscores, starting with a letter
 * @param label the word used in redaction placeholders ({@code [EMAIL_1]}); same alphabet
 */
public record EntityType(String name, String label) {
  public static final EntityType EMAIL_ADDRESS = new EntityType("EMAIL_ADDRESS", "EMAIL");
  public static final EntityType PHONE_NUMBER = new EntityType("PHONE_NUMBER", "PHONE");
  public static final EntityType CREDIT_CARD = new EntityType("CREDIT_CARD", "CARD");
  public static final EntityType IBAN_CODE = new EntityType("IBAN_CODE", "IBAN");
  public static final EntityType US_SSN = new EntityType("US_SSN", "SSN");
  public static final EntityType UK_NINO = new EntityType("UK_NINO", "NINO");
  public static final EntityType IP_ADDRESS = new EntityType("IP_ADDRESS", "IP");
  public static final EntityType SECRET = new EntityType("SECRET", "SECRET");

  /** A client key vendors publish by design (Google API keys, Stripe publishable keys). */
  public static final EntityType PUBLISHABLE_KEY = new EntityType("PUBLISHABLE_KEY", "PUBLIC_KEY");

  public EntityType {
    requireNonNull(name, "name is null");
    requireNonNull(label, "label is null");
    checkName(name, "name");
    checkName(label, "label");
  }

  /** An operator-defined type whose placeholder label is its name. */
  public static EntityType named(String name) {
    return new EntityType(name, name);
  }

  private static void checkName(String value, String what) {
    if (value.isEmpty() || value.length() > 64) {
      throw new IllegalArgumentException(what + " must be 1 to 64 characters: '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
      if (!ok) {
        throw new IllegalArgumentException(what + " must match [A-Z][A-Z0-9_]*: '" + value + "'");
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
