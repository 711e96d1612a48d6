package dev.sallyport.policy;

import java.util.Locale;
import java.util.Optional;

/** What a tenant rule does when it matches. */
public enum RuleEffect {
  PERMIT,
  FORBID,
  REQUIRE_APPROVAL,
  DRY_RUN;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RuleEffect> fromConfigName(String name) {
    for (RuleEffect effect : values()) {
      if (effect.configName().equals(name)) {
        return Optional.of(effect);
      }
    }
    return Optional.empty();
  }
}
