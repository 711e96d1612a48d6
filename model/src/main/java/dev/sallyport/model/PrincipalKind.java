package dev.sallyport.model;

import java.util.Locale;

/** Agents act through tools; humans approve and administer. An agent is never taken for a human. */
public enum PrincipalKind {
  AGENT,
  HUMAN;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
