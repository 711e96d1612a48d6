package dev.sallyport.executor.connector.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.executor.connector.Connector;
import dev.sallyport.executor.connector.Credential;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.executor.connector.PreparedRequest;
import dev.sallyport.executor.connector.UnmappableCallException;
import dev.sallyport.grant.Recipient;
import dev.sallyport.mcp.ToolDefinition;
import dev.sallyport.model.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries a granted call to an upstream MCP server as one {@code tools/call}, with the caller's
 * arguments as they are. A tool whose upstream definition is not the one the operator pinned —
 * changed, missing, or never pinned — is quarantined: nothing is sent. The recipient a grant binds
 * is the upstream's host for Streamable HTTP and {@link Recipient#none()} for a local process.
 */
public final class McpConnector implements Connector {
  private final McpUpstream upstream;
  private final Map<String, String> pins;

  /**
   * @param pins the accepted pin of each of the tenant's tools on this upstream, by Sallyport name
   */
  public McpConnector(McpUpstream upstream, Map<String, String> pins) {
    this.upstream = requireNonNull(upstream, "upstream is null");
    this.pins = Map.copyOf(pins);
  }

  public McpUpstream upstream() {
    return upstream;
  }

  @Override
  public PreparedRequest prepare(Tool tool, Map<String, Object> arguments)
      throws UnmappableCallException {
    Recipient recipient =
        switch (upstream.where()) {
          case ConnectorSettings.McpUpstream.Stdio s -> Recipient.none();
          case ConnectorSettings.McpUpstream.StreamableHttp h ->
              Recipient.hostOf(h.url().toString());
        };
    return switch (tool.operation()) {
      case Tool.McpTool mcp -> {
        checkPinned(tool, mcp);
        yield new Call(
            upstream,
            "tools/call",
            mcp.upstreamName(),
            Map.of("name", mcp.upstreamName(), "arguments", arguments),
            "content",
            recipient);
      }
      case Tool.McpResourceRead r ->
          new Call(
              upstream,
              "resources/read",
              "(uri)",
              Map.of("uri", String.valueOf(arguments.get("uri"))),
              "contents",
              recipient);
      case Tool.McpPromptGet p -> {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", String.valueOf(arguments.get("name")));
        if (arguments.get("arguments") instanceof Map<?, ?> given) {
          params.put("arguments", given);
        }
        yield new Call(
            upstream,
            "prompts/get",
            String.valueOf(arguments.get("name")),
            params,
            "messages",
            recipient);
      }
      default -> throw new UnmappableCallException("tool " + tool.name() + " is not an MCP tool");
    };
  }

  private void checkPinned(Tool tool, Tool.McpTool mcp) throws UnmappableCallException {
    Optional<ToolDefinition> current;
    try {
      current = upstream.definition(mcp.upstreamName());
    } catch (UpstreamException e) {
      throw new UnmappableCallException(
          "the upstream cannot be reached to check the tool's definition: " + e.getMessage());
    }
    String accepted = pins.get(tool.name());
    if (current.isEmpty() || accepted == null || !accepted.equals(current.get().pin())) {
      throw new UnmappableCallException(
          "tool "
              + tool.name()
              + " is quarantined: its upstream definition is not the pinned one"
              + " (./sallyport tools diff)");
    }
  }

  /**
   * One request to the upstream.
   *
   * @param target the tool name, resource URI or prompt name, for the ledger
   * @param expected the member a well-formed result has
   */
  private record Call(
      McpUpstream upstream,
      String method,
      String target,
      Map<String, Object> params,
      String expected,
      Recipient recipient)
      implements PreparedRequest {
    @Override
    public String redacted() {
      // The names of the arguments, never their values; a resource URI or prompt name is a name.
      Object arguments = params.getOrDefault("arguments", Map.of());
      return "mcp "
          + method
          + " "
          + upstream.name()
          + "/"
          + target
          + (arguments instanceof Map<?, ?> m ? " arguments:" + List.copyOf(m.keySet()) : "");
    }

    @Override
    public Map<String, Object> preview() {
      Map<String, Object> preview = new LinkedHashMap<>();
      preview.put("upstream", upstream.name());
      preview.put("method", method);
      preview.put("params", params);
      return preview;
    }

    @Override
    public DispatchResult send(Optional<Credential> credential) {
      try {
        Map<String, Object> result = upstream.request(method, params);
        if (!(result.get(expected) instanceof List<?>)) {
          return new DispatchResult.Unreachable("protocol_error");
        }
        return new DispatchResult.ToolResult(result);
      } catch (UpstreamException e) {
        return switch (e.kind()) {
          case TIMED_OUT -> new DispatchResult.TimedOut();
          case UNREACHABLE -> new DispatchResult.Unreachable("upstream_unavailable");
          case PROTOCOL -> new DispatchResult.Unreachable("protocol_error");
          case ERROR_RESPONSE ->
              // The upstream refused the call (unknown tool, bad arguments): the agent learns so
              // as a tool error, in the upstream's words, which are untrusted like any result.
              new DispatchResult.ToolResult(
                  Map.of(
                      "content",
                      List.of(
                          Map.of(
                              "type",
                              "text",
                              "text",
                              "the upstream refused the call: "
                                  + e.error().map(err -> err.message()).orElse(""))),
                      "isError",
                      true));
        };
      }
    }
  }
}
