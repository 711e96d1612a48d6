package dev.sallyport.guards.screen;

import static java.util.Objects.requireNonNull;

/**
 * A per-session random delimiter for datamarking. The caller draws it (from a {@code SecureRandom}
 * it owns) and passes it in, so the screen stays pure: 16 to 64 chars of letters, digits, {@code _}
 * and {@code -}, enough that untrusted content cannot guess and forge it.
 */
public record DatamarkDelimiter(String value) {
  public DatamarkDelimiter {
    requireNonNull(value, "value is null");
    if (value.length() < 16 || value.length() > 64) {
      throw new IllegalArgumentException("a datamark delimiter has 16 to 64 chars");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        throw new IllegalArgumentException("a datamark delimiter has only [A-Za-z0-9_-]");
      }
    }
  }

  @Override
  public String toString() {
    return "DatamarkDelimiter[redacted]";
  }
}
