package dev.sallyport.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One MCP client session over Streamable HTTP, as the load benchmark's clients open them: {@code
 * initialize}, {@code notifications/initialized}, then {@code tools/call}s of {@code echo}. Answers
 * may come as JSON or as an event stream (mcp-proxy answers with events); each is checked to carry
 * the message sent, so that an error can never be timed as a call.
 */
final class McpSession {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI endpoint;
  private final Optional<String> token;
  private final String tool;
  private String session;
  private long ids;

  /**
   * @param token the bearer token, when the endpoint wants one
   * @param tool the name the endpoint lists the echo tool under
   */
  McpSession(HttpClient http, URI endpoint, Optional<String> token, String tool) {
    this.http = http;
    this.endpoint = endpoint;
    this.token = token;
    this.tool = tool;
  }

  McpSession open() throws IOException, InterruptedException {
    HttpResponse<String> answer =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"sallyport-bench\",\"version\":\"1\"}}}");
    if (answer.statusCode() != 200 || !answer.body().contains("\"protocolVersion\"")) {
      throw new IOException(
          "initialize at " + endpoint + " failed: " + answer.statusCode() + " " + answer.body());
    }
    session =
        answer
            .headers()
            .firstValue("mcp-session-id")
            .orElseThrow(() -> new IOException(endpoint + " returned no Mcp-Session-Id"));
    HttpResponse<String> initialized =
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    if (initialized.statusCode() / 100 != 2) {
      throw new IOException("notifications/initialized: " + initialized.statusCode());
    }
    return this;
  }

  /**
   * Calls {@code echo} with {@code message}.
   *
   * @throws IOException when the answer is not the echoed message
   */
  void echo(String message) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + ++ids
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool
                + "\",\"arguments\":{\"message\":\""
                + message
                + "\"}}}");
    String body = answer.body();
    if (answer.statusCode() != 200
        || !body.contains("\"echoed\":\"" + message + "\"")
        || body.contains("\"isError\":true")) {
      throw new IOException("tools/call failed: " + answer.statusCode() + " " + body);
    }
  }

  /**
   * Ends the session ({@code DELETE}); a server that keeps no sessions may refuse, which is fine.
   */
  void close() throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).DELETE();
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
      http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
  }

  private HttpResponse<String> post(String json) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2025-06-18")
            .POST(HttpRequest.BodyPublishers.ofString(json, UTF_8));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
  }
}
