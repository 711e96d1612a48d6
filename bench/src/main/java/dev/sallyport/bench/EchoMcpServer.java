package dev.sallyport.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.mcp.JsonRpcCodec;
import dev.sallyport.mcp.JsonRpcError;
import dev.sallyport.mcp.JsonRpcMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The load benchmark's upstream: a Streamable HTTP MCP server in this process with one tool, {@code
 * echo}, answered at once with a JSON body, so that the upstream is never what is measured. It
 * reads each message with Sallyport's own strict codec; it is a benchmark fixture, not a server to
 * deploy (any session id is accepted).
 */
final class EchoMcpServer implements AutoCloseable {
  static final Map<String, Object> ECHO_TOOL =
      Map.of(
          "name",
          "echo",
          "description",
          "Echoes the message back.",
          "inputSchema",
          Map.of(
              "type",
              "object",
              "properties",
              Map.of("message", Map.of("type", "string")),
              "required",
              List.of("message")));

  private final HttpServer server;
  private final JsonRpcCodec codec = new JsonRpcCodec();

  EchoMcpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/mcp", this::handle);
    server.start();
  }

  /** Where clients and Sallyport reach it. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!(codec.decode(body) instanceof JsonRpcCodec.Decoded.One one)) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      switch (one.message()) {
        case JsonRpcMessage.Request r -> answer(exchange, r);
        default -> exchange.sendResponseHeaders(202, -1);
      }
    }
  }

  private void answer(HttpExchange exchange, JsonRpcMessage.Request request) throws IOException {
    JsonRpcMessage answer =
        switch (request.method()) {
          case "initialize" -> {
            exchange.getResponseHeaders().set("Mcp-Session-Id", UUID.randomUUID().toString());
            yield new JsonRpcMessage.Response(
                request.id(),
                Map.of(
                    "protocolVersion",
                    request.params().getOrDefault("protocolVersion", "2025-06-18"),
                    "capabilities",
                    Map.of("tools", Map.of()),
                    "serverInfo",
                    Map.of("name", "bench-echo", "version", "1")));
          }
          case "ping" -> new JsonRpcMessage.Response(request.id(), Map.of());
          case "tools/list" ->
              new JsonRpcMessage.Response(request.id(), Map.of("tools", List.of(ECHO_TOOL)));
          case "tools/call" -> {
            Object arguments = request.params().getOrDefault("arguments", Map.of());
            Object message = arguments instanceof Map<?, ?> m ? m.get("message") : "";
            yield new JsonRpcMessage.Response(
                request.id(),
                Map.of(
                    "content",
                    List.of(Map.of("type", "text", "text", String.valueOf(message))),
                    "structuredContent",
                    Map.of("echoed", String.valueOf(message))));
          }
          default ->
              JsonRpcMessage.ErrorResponse.to(
                  request.id(), JsonRpcError.METHOD_NOT_FOUND, "method not found");
        };
    byte[] bytes = codec.encode(answer);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
