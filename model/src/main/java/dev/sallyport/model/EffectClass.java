package dev.sallyport.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a tool does to the world, as classified by the operator (never by the tool's own
 * description). The platform invariants key off this class.
 */
public enum EffectClass {
  READ,
  WRITE,
  DESTRUCTIVE,
  EXTERNAL_SEND,
  SPEND;

  // Computed once: configName() is read on every decision.
  private final String configName = name().toLowerCase(Locale.ROOT);

  /** The name used in configuration and in policy: {@code read}, {@code external_send}, ... */
  public String configName() {
    return configName;
  }

  /** True for effects that change something outside Sallyport in a way an attacker would want. */
  public boolean isConsequential() {
    return this == DESTRUCTIVE || this == EXTERNAL_SEND || this == SPEND;
  }

  public static Optional<EffectClass> fromConfigName(String name) {
    for (EffectClass effect : values()) {
      if (effect.configName().equals(name)) {
        return Optional.of(effect);
      }
    }
    return Optional.empty();
  }
}
