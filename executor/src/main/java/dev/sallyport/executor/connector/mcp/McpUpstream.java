package dev.sallyport.executor.connector.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.mcp.JsonRpcCodec;
import dev.sallyport.mcp.JsonRpcMessage;
import dev.sallyport.mcp.MalformedJsonException;
import dev.sallyport.mcp.ProtocolVersions;
import dev.sallyport.mcp.ToolDefinition;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client session with an upstream MCP server: opened on first use, and opened again on the next
 * use after the upstream exited or ended the session, so that an upstream that crashes harms the
 * calls in flight and nothing after them. Every exchange is bounded by the connector's timeout.
 *
 * <p>Its tool list is fetched on first use and again after the upstream says it changed ({@code
 * notifications/tools/list_changed}) or after {@link #TOOLS_MAX_AGE}, whichever comes first.
 */
public final class McpUpstream implements AutoCloseable {
  /** How long a fetched tool list is used before it is fetched again. */
  public static final Duration TOOLS_MAX_AGE = Duration.ofSeconds(5);

  private static final int MAX_PAGES = 100;
  private static final String CLIENT_VERSION = "0.1.0";

  private final String name;
  private final ConnectorSettings.McpUpstream where;
  private final Duration timeout;
  private final HttpClient http;
  private final JsonRpcCodec codec = new JsonRpcCodec();
  private UpstreamConnection connection; // guarded by this
  private volatile Optional<Fetched> tools = Optional.empty();

  private record Fetched(List<ToolDefinition> tools, long atNanos) {}

  /**
   * @param name the connector's name, for messages
   * @param http for a Streamable HTTP upstream
   */
  public McpUpstream(
      String name, ConnectorSettings.McpUpstream where, Duration timeout, HttpClient http) {
    this.name = requireNonNull(name, "name is null");
    this.where = requireNonNull(where, "where is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.http = requireNonNull(http, "http is null");
  }

  public String name() {
    return name;
  }

  /** Where the upstream is. */
  public ConnectorSettings.McpUpstream where() {
    return where;
  }

  /**
   * Sends one request on the session, opening it first if need be.
   *
   * @throws UpstreamException if no result came
   */
  public Map<String, Object> request(String method, Map<String, Object> params)
      throws UpstreamException {
    return open().request(method, params, timeout);
  }

  /** The upstream's tools as it lists them now (within {@link #TOOLS_MAX_AGE}). */
  public List<ToolDefinition> tools() throws UpstreamException {
    Optional<Fetched> known = tools;
    if (known.isPresent()
        && System.nanoTime() - known.get().atNanos() < TOOLS_MAX_AGE.toNanos()
        && isOpen()) {
      return known.get().tools();
    }
    List<ToolDefinition> fetched = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, Object> params = new LinkedHashMap<>();
      cursor.ifPresent(c -> params.put("cursor", c));
      Map<String, Object> result = request("tools/list", params);
      if (!(result.get("tools") instanceof List<?> entries)) {
        throw new UpstreamException(UpstreamException.Kind.PROTOCOL, "tools/list has no tools");
      }
      for (Object entry : entries) {
        try {
          fetched.add(ToolDefinition.from(entry));
        } catch (MalformedJsonException e) {
          // A definition that cannot be read cannot be pinned, so it is never listed or called.
        }
      }
      cursor =
          result.get("nextCursor") instanceof String next && !next.isEmpty()
              ? Optional.of(next)
              : Optional.empty();
      if (cursor.isEmpty()) {
        break;
      }
    }
    List<ToolDefinition> list = List.copyOf(fetched);
    tools = Optional.of(new Fetched(list, System.nanoTime()));
    return list;
  }

  /** The upstream's current definition of {@code tool}, or empty when it does not list it. */
  public Optional<ToolDefinition> definition(String tool) throws UpstreamException {
    return tools().stream().filter(t -> t.name().equals(tool)).findFirst();
  }

  private synchronized boolean isOpen() {
    return connection != null && connection.isOpen();
  }

  private synchronized UpstreamConnection open() throws UpstreamException {
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    if (connection != null) {
      connection.close();
    }
    tools = Optional.empty();
    UpstreamConnection opened =
        switch (where) {
          case ConnectorSettings.McpUpstream.Stdio s ->
              StdioConnection.start(s.command(), s.environment(), codec, this::notified);
          case ConnectorSettings.McpUpstream.StreamableHttp h ->
              new StreamableHttpConnection(h.url(), http, codec, this::notified);
        };
    try {
      Map<String, Object> initialized =
          opened.request(
              "initialize",
              Map.of(
                  "protocolVersion",
                  ProtocolVersions.latest(),
                  "capabilities",
                  Map.of(),
                  "clientInfo",
                  Map.of("name", "sallyport", "version", CLIENT_VERSION)),
              timeout);
      if (!(initialized.get("protocolVersion") instanceof String version)
          || !ProtocolVersions.isSupported(version)) {
        throw new UpstreamException(
            UpstreamException.Kind.PROTOCOL, "the upstream speaks no MCP revision Sallyport does");
      }
      if (opened instanceof StreamableHttpConnection h) {
        h.agreed(version);
      }
      opened.notify("notifications/initialized", Map.of());
    } catch (UpstreamException e) {
      opened.close();
      throw e;
    }
    connection = opened;
    return opened;
  }

  private void notified(JsonRpcMessage.Notification notification) {
    if ("notifications/tools/list_changed".equals(notification.method())) {
      tools = Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
