package dev.sallyport.model;

import java.util.Locale;

/** Agents act through tools; humans approve and administer. An agent is never taken for a human. */
public enum PrincipalKind {
  AGENT,
  HUMAN;

  private final String configName = name().toLowerCase(Locale.ROOT);

  public String configName() {
    return configName;
  }
}
