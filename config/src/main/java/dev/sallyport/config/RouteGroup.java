package dev.sallyport.config;

import java.util.Optional;

/**
 * The groups of routes that {@code ingress.allow} lists sources for. Each group is allowed or
 * refused on its own: an address allowed to call tools is not thereby allowed to read the ledger.
 */
public enum RouteGroup {
  /** The agent API and MCP: {@code /v1/decisions}, {@code /v1/actions}, {@code /mcp}. */
  AGENT("agent"),
  /** The administrative API: {@code /v1/ledger/...}, {@code /v1/admin/...}. */
  ADMIN("admin"),
  /** The console and the approval pages: {@code /console/...}, {@code /approvals/...}. */
  CONSOLE("console"),
  /** The executor's own listener, in its own process; no gateway path belongs to it. */
  EXECUTOR("executor"),
  /** {@code /metrics}. */
  METRICS("metrics"),
  /**
   * {@code /healthz} and {@code /readyz}: load balancers and orchestrators, apart from scrapers.
   */
  HEALTH("health");

  private final String configName;

  RouteGroup(String configName) {
    this.configName = configName;
  }

  /** The key under {@code ingress.allow}, and the {@code group} tag of refusals. */
  public String configName() {
    return configName;
  }

  public static Optional<RouteGroup> fromConfigName(String name) {
    for (RouteGroup group : values()) {
      if (group.configName.equals(name)) {
        return Optional.of(group);
      }
    }
    return Optional.empty();
  }
}
