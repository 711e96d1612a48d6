package dev.sallyport.executor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.executor.connector.Connector;
import dev.sallyport.executor.connector.HttpConnector;
import dev.sallyport.executor.connector.SmtpConnector;
import dev.sallyport.executor.connector.UnmappableCallException;
import dev.sallyport.executor.connector.mcp.McpConnector;
import dev.sallyport.executor.connector.mcp.McpUpstream;
import dev.sallyport.grant.Recipient;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The executor's own view of each tenant's tools and connectors, built from the deployment it
 * loaded. A request names a tool; how the tool is performed, and where it goes, comes from here,
 * never from the request.
 */
public final class ExecutorCatalog implements AutoCloseable {
  /** A tool and the connector that performs it. */
  public record Entry(Tool tool, Connector connector) {
    public Entry {
      requireNonNull(tool, "tool is null");
      requireNonNull(connector, "connector is null");
    }
  }

  private final Map<TenantId, Map<String, Entry>> entries;
  private final Map<TenantId, Map<String, McpUpstream>> upstreams;

  public ExecutorCatalog(Map<TenantId, Map<String, Entry>> entries) {
    Map<TenantId, Map<String, Entry>> copy = new HashMap<>();
    entries.forEach((tenant, tools) -> copy.put(tenant, Map.copyOf(tools)));
    this.entries = Map.copyOf(copy);
    // Asked on every MCP call and listing: worked out once, since the catalogue never changes.
    Map<TenantId, Map<String, McpUpstream>> upstreams = new HashMap<>();
    this.entries.forEach((tenant, tools) -> {
      Map<String, McpUpstream> byName = new java.util.TreeMap<>();
      tools
          .values()
          .forEach(e -> {
            if (e.connector() instanceof McpConnector m) {
              byName.put(m.upstream().name(), m.upstream());
            }
          });
      upstreams.put(tenant, java.util.Collections.unmodifiableMap(byName));
    });
    this.upstreams = Map.copyOf(upstreams);
  }

  /** Every tenant's tools with connectors built from their settings. */
  public static ExecutorCatalog from(Deployment deployment, HttpClient http, ObjectMapper json) {
    Map<TenantId, Map<String, Entry>> entries = new HashMap<>();
    for (TenantConfig tenant : deployment.tenants().values()) {
      Map<String, Connector> connectors = new HashMap<>();
      tenant
          .connectors()
          .forEach((name, settings) ->
              connectors.put(
                  name,
                  switch (settings) {
                    case ConnectorSettings.Http h -> new HttpConnector(h, http, json);
                    case ConnectorSettings.Smtp s -> new SmtpConnector(s);
                    case ConnectorSettings.Mcp m ->
                        new McpConnector(
                            new McpUpstream(name, m.upstream(), m.timeout(), http),
                            pinsOf(tenant, name));
                  }));
      Map<String, Entry> tools = new HashMap<>();
      tenant
          .policy()
          .tools()
          .forEach((name, tool) -> {
            Connector connector = connectors.get(tool.connector());
            tools.put(name, new Entry(tool, connector));
            // The later steps of a two-phase tool, under names of their own, so that the grant
            // for each names exactly that step. Not in the policy catalogue: no agent calls them.
            tool.phases()
                .ifPresent(phases -> {
                  tools.put(
                      tool.hardStepName(),
                      new Entry(step(tool, tool.hardStepName(), phases.hard()), connector));
                  tools.put(
                      tool.reinstateStepName(),
                      new Entry(
                          step(tool, tool.reinstateStepName(), phases.reinstate()), connector));
                });
          });
      entries.put(tenant.id(), tools);
    }
    return new ExecutorCatalog(entries);
  }

  /** The accepted pins of the tenant's tools on connector {@code connector}. */
  private static Map<String, String> pinsOf(TenantConfig tenant, String connector) {
    Map<String, String> pins = new HashMap<>();
    tenant
        .policy()
        .tools()
        .forEach((name, tool) -> {
          if (tool.connector().equals(connector)) {
            tenant.toolPins().find(name).ifPresent(a -> pins.put(name, a.pin()));
          }
        });
    return pins;
  }

  /** The upstream MCP servers of {@code tenant}'s connectors, by connector name. */
  public Map<String, McpUpstream> mcpUpstreams(TenantId tenant) {
    return upstreams.getOrDefault(tenant, Map.of());
  }

  /** Ends the sessions with upstream MCP servers and stops their processes. */
  @Override
  public void close() {
    upstreams.values().forEach(byName -> byName.values().forEach(McpUpstream::close));
  }

  private static Tool step(Tool tool, String name, Tool.Operation operation) {
    return new Tool(
        name,
        tool.connector(),
        tool.effect(),
        tool.description(),
        tool.argumentsSchema(),
        operation,
        tool.idempotent());
  }

  /** The tool of a tenant with its connector, or empty when the tenant has no such tool. */
  public Optional<Entry> find(TenantId tenant, String tool) {
    return Optional.ofNullable(entries.getOrDefault(tenant, Map.of()).get(tool));
  }

  /**
   * The recipient a call reaches, as its connector prepares it: what the gatekeeper binds a grant
   * to. Prepares the request and sends nothing.
   *
   * @throws UnmappableCallException if the tenant has no such tool or the call maps to no request
   */
  public Recipient recipient(TenantId tenant, String tool, Map<String, Object> arguments)
      throws UnmappableCallException {
    Entry entry = find(tenant, tool).orElseThrow(() -> new UnmappableCallException("no such tool"));
    return entry.connector().prepare(entry.tool(), arguments).recipient();
  }

  /** The tenants this catalogue knows. */
  public java.util.Set<TenantId> tenants() {
    return entries.keySet();
  }
}
