package dev.sallyport.guards.pii;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Placeholders for one session: the same value always becomes the same placeholder ({@code
 * [EMAIL_1]} is the same address every time it appears), and different values of one type get
 * different numbers, so an agent can still tell "the sender" from "the CC" without seeing either.
 * Values are compared in a canonical form (e-mail in lower case; cards, IBANs, phones and national
 * numbers without separators), so {@code 4111 1111 1111 1111} and {@code 4111-1111-1111-1111} are
 * one card.
 *
 * <p>One object per session, safe for concurrent use. It holds the session's values in memory to
 * keep the mapping; drop it when the session ends. After {@link #MAX_VALUES} values the mapping
 * stops growing and further values get an unnumbered placeholder ({@code [EMAIL]}).
 */
public final class RedactionSession {
  public static final int MAX_VALUES = 100_000;

  private final Map<String, String> placeholders = new HashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** The placeholder for {@code value} of {@code type}, assigning a new one on first sight. */
  public synchronized String placeholder(EntityType type, CharSequence value) {
    String key = type.name() + '\u0000' + canonical(type, value);
    String existing = placeholders.get(key);
    if (existing != null) {
      return existing;
    }
    if (placeholders.size() >= MAX_VALUES) {
      return "[" + type.label() + "]";
    }
    int number = counters.merge(type.label(), 1, Integer::sum);
    String placeholder = "[" + type.label() + "_" + number + "]";
    placeholders.put(key, placeholder);
    return placeholder;
  }

  public synchronized int size() {
    return placeholders.size();
  }

  private static String canonical(EntityType type, CharSequence value) {
    if (type.equals(EntityType.EMAIL_ADDRESS)) {
      return value.toString().toLowerCase(Locale.ROOT);
    }
    if (type.equals(EntityType.CREDIT_CARD)
        || type.equals(EntityType.IBAN_CODE)
        || type.equals(EntityType.PHONE_NUMBER)
        || type.equals(EntityType.US_SSN)
        || type.equals(EntityType.UK_NINO)) {
      StringBuilder b = new StringBuilder(value.length());
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isLetterOrDigit(c)) {
          b.append(Character.toUpperCase(c));
        }
      }
      return b.toString();
    }
    return value.toString();
  }
}
