package dev.sallyport.executor.connector.mcp;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sallyport.mcp.JsonRpcCodec;
import dev.sallyport.mcp.JsonRpcId;
import dev.sallyport.mcp.JsonRpcMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An upstream MCP server over Streamable HTTP: each message is a POST; a request's answer comes as
 * one JSON body or as a server-sent event stream that ends with it. The session id the server gives
 * at initialisation is sent back on every later request.
 */
final class StreamableHttpConnection implements UpstreamConnection {
  private static final int MAX_EVENT_BYTES = JsonRpcCodec.DEFAULT_MAX_BYTES;

  private final URI url;
  private final HttpClient http;
  private final JsonRpcCodec codec;
  private final Consumer<JsonRpcMessage.Notification> notifications;
  private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong ids = new AtomicLong();
  private volatile Optional<String> sessionId = Optional.empty();
  private volatile Optional<String> protocolVersion = Optional.empty();
  private volatile boolean open = true;

  StreamableHttpConnection(
      URI url,
      HttpClient http,
      JsonRpcCodec codec,
      Consumer<JsonRpcMessage.Notification> notifications) {
    this.url = url;
    this.http = http;
    this.codec = codec;
    this.notifications = notifications;
  }

  /** The revision agreed at initialisation, sent as {@code MCP-Protocol-Version} from now on. */
  void agreed(String version) {
    protocolVersion = Optional.of(version);
  }

  @Override
  public Map<String, Object> request(String method, Map<String, Object> params, Duration timeout)
      throws UpstreamException {
    JsonRpcId id = JsonRpcId.of(ids.incrementAndGet());
    Future<JsonRpcMessage> exchange =
        exchanges.submit(() -> exchange(new JsonRpcMessage.Request(id, method, params), id));
    JsonRpcMessage answer;
    try {
      answer = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      try {
        notify(
            "notifications/cancelled",
            Map.of("requestId", id.value(), "reason", "timed out at the gateway"));
      } catch (UpstreamException ignored) {
        // Unreachable now: nothing to cancel.
      }
      throw new UpstreamException(UpstreamException.Kind.TIMED_OUT, "no answer in time");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UpstreamException u) {
        throw u;
      }
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "the exchange broke");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "interrupted");
    }
    return switch (answer) {
      case JsonRpcMessage.Response r -> r.result();
      case JsonRpcMessage.ErrorResponse e -> throw new UpstreamException(e.error());
      default -> throw new UpstreamException(UpstreamException.Kind.PROTOCOL, "not a response");
    };
  }

  @Override
  public void notify(String method, Map<String, Object> params) throws UpstreamException {
    try {
      HttpResponse<Void> response =
          http.send(
              post(new JsonRpcMessage.Notification(method, params)),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new UpstreamException(
            UpstreamException.Kind.UNREACHABLE, "status_" + response.statusCode());
      }
    } catch (IOException e) {
      throw new UpstreamException(
          UpstreamException.Kind.UNREACHABLE, "the upstream is unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "interrupted");
    }
  }

  private JsonRpcMessage exchange(JsonRpcMessage.Request request, JsonRpcId id)
      throws UpstreamException, InterruptedException {
    HttpResponse<InputStream> response;
    try {
      response = http.send(post(request), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UpstreamException(
          UpstreamException.Kind.UNREACHABLE, "the upstream is unreachable");
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() == 404 && sessionId.isPresent()) {
        // The server ended the session: the next use opens a new one.
        open = false;
        throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "session_expired");
      }
      if (response.statusCode() != 200) {
        throw new UpstreamException(
            UpstreamException.Kind.UNREACHABLE, "status_" + response.statusCode());
      }
      response.headers().firstValue("mcp-session-id").ifPresent(s -> sessionId = Optional.of(s));
      String type =
          response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
      if (type.startsWith("application/json")) {
        byte[] bytes = body.readNBytes(MAX_EVENT_BYTES + 1);
        return answerFor(codec.decode(bytes), id)
            .orElseThrow(() ->
                new UpstreamException(
                    UpstreamException.Kind.PROTOCOL, "the answer is not the response"));
      }
      if (type.startsWith("text/event-stream")) {
        return fromEvents(body, id);
      }
      throw new UpstreamException(UpstreamException.Kind.PROTOCOL, "unexpected content type");
    } catch (IOException e) {
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "the exchange broke");
    }
  }

  /** Reads events until the one that answers {@code id}; notifications on the way are passed on. */
  private JsonRpcMessage fromEvents(InputStream body, JsonRpcId id)
      throws IOException, UpstreamException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, UTF_8));
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          Optional<JsonRpcMessage> answer =
              answerFor(codec.decode(data.toString().getBytes(UTF_8)), id);
          if (answer.isPresent()) {
            return answer.get();
          }
          data.setLength(0);
        }
        continue;
      }
      if (line.startsWith("data:")) {
        if (data.length() + line.length() > MAX_EVENT_BYTES) {
          throw new UpstreamException(UpstreamException.Kind.PROTOCOL, "an event is too large");
        }
        if (!data.isEmpty()) {
          data.append('\n');
        }
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    throw new UpstreamException(
        UpstreamException.Kind.UNREACHABLE, "the stream ended without an answer");
  }

  private Optional<JsonRpcMessage> answerFor(JsonRpcCodec.Decoded decoded, JsonRpcId id) {
    if (!(decoded instanceof JsonRpcCodec.Decoded.One one)) {
      return Optional.empty();
    }
    return switch (one.message()) {
      case JsonRpcMessage.Response r when r.id().equals(id) -> Optional.of(r);
      case JsonRpcMessage.ErrorResponse e when e.id().equals(Optional.of(id)) -> Optional.of(e);
      case JsonRpcMessage.Notification n -> {
        notifications.accept(n);
        yield Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  private HttpRequest post(JsonRpcMessage message) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(message)));
    sessionId.ifPresent(s -> builder.header("Mcp-Session-Id", s));
    protocolVersion.ifPresent(v -> builder.header("MCP-Protocol-Version", v));
    return builder.build();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    exchanges.shutdownNow();
    sessionId.ifPresent(s -> {
      // Ends the session at the server; best effort, never waited on.
      HttpRequest.Builder delete = HttpRequest.newBuilder(url).header("Mcp-Session-Id", s).DELETE();
      protocolVersion.ifPresent(v -> delete.header("MCP-Protocol-Version", v));
      http.sendAsync(delete.build(), HttpResponse.BodyHandlers.discarding());
    });
  }
}
