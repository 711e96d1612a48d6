package dev.sallyport.executor.connector.mcp;

import dev.sallyport.mcp.JsonRpcCodec;
import dev.sallyport.mcp.JsonRpcError;
import dev.sallyport.mcp.JsonRpcId;
import dev.sallyport.mcp.JsonRpcMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An upstream MCP server as a child process, one JSON-RPC message per line on its standard input
 * and output. The process gets {@code PATH} and the configured variables only: nothing of the
 * gateway's environment, where its own secrets may live. Its standard error is discarded, since an
 * upstream's diagnostics may carry payloads that operator logs must not.
 */
final class StdioConnection implements UpstreamConnection {
  private static final int MAX_LINE_BYTES = JsonRpcCodec.DEFAULT_MAX_BYTES;

  private final Process process;
  private final OutputStream stdin;
  private final JsonRpcCodec codec;
  private final Consumer<JsonRpcMessage.Notification> notifications;
  private final ConcurrentHashMap<JsonRpcId, CompletableFuture<JsonRpcMessage>> pending =
      new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean open = true;

  private StdioConnection(
      Process process, JsonRpcCodec codec, Consumer<JsonRpcMessage.Notification> notifications) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.codec = codec;
    this.notifications = notifications;
  }

  static StdioConnection start(
      List<String> command,
      Map<String, String> environment,
      JsonRpcCodec codec,
      Consumer<JsonRpcMessage.Notification> notifications)
      throws UpstreamException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.clear();
    if (path != null) {
      env.put("PATH", path);
    }
    env.putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UpstreamException(
          UpstreamException.Kind.UNREACHABLE, "the upstream process could not be started");
    }
    StdioConnection connection = new StdioConnection(process, codec, notifications);
    Thread.ofVirtual().name("mcp-stdio-reader").start(connection::readLoop);
    return connection;
  }

  @Override
  public Map<String, Object> request(String method, Map<String, Object> params, Duration timeout)
      throws UpstreamException {
    JsonRpcId id = JsonRpcId.of(ids.incrementAndGet());
    CompletableFuture<JsonRpcMessage> answer = new CompletableFuture<>();
    pending.put(id, answer);
    if (!open) {
      pending.remove(id);
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "the upstream has exited");
    }
    try {
      write(new JsonRpcMessage.Request(id, method, params));
      JsonRpcMessage message = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return switch (message) {
        case JsonRpcMessage.Response r -> r.result();
        case JsonRpcMessage.ErrorResponse e -> throw new UpstreamException(e.error());
        default -> throw new UpstreamException(UpstreamException.Kind.PROTOCOL, "not a response");
      };
    } catch (TimeoutException e) {
      cancel(id);
      throw new UpstreamException(UpstreamException.Kind.TIMED_OUT, "no answer in time");
    } catch (ExecutionException e) {
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "the upstream has exited");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(id);
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "interrupted");
    } finally {
      pending.remove(id);
    }
  }

  private void cancel(JsonRpcId id) {
    try {
      notify(
          "notifications/cancelled",
          Map.of("requestId", id.value(), "reason", "timed out at the gateway"));
    } catch (UpstreamException ignored) {
      // Gone already: nothing left to cancel.
    }
  }

  @Override
  public void notify(String method, Map<String, Object> params) throws UpstreamException {
    write(new JsonRpcMessage.Notification(method, params));
  }

  private void write(JsonRpcMessage message) throws UpstreamException {
    byte[] bytes = codec.encode(message);
    try {
      synchronized (stdin) {
        stdin.write(bytes);
        stdin.write('\n');
        stdin.flush();
      }
    } catch (IOException e) {
      close();
      throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "the upstream has exited");
    }
  }

  private void readLoop() {
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          if (line.size() >= MAX_LINE_BYTES) {
            // An upstream that sends more than a message can hold is not speaking MCP.
            break;
          }
          line.write(b);
          continue;
        }
        if (line.size() > 0) {
          receive(line.toByteArray());
        }
        line.reset();
      }
    } catch (IOException | RuntimeException e) {
      // Ends the session below, as an exit does.
    }
    close();
  }

  private void receive(byte[] line) {
    if (!(codec.decode(line) instanceof JsonRpcCodec.Decoded.One one)) {
      return;
    }
    switch (one.message()) {
      case JsonRpcMessage.Response r -> complete(r.id(), r);
      case JsonRpcMessage.ErrorResponse e -> e.id().ifPresent(id -> complete(id, e));
      case JsonRpcMessage.Notification n -> notifications.accept(n);
      case JsonRpcMessage.Request r -> answerServerRequest(r);
    }
  }

  /** Sallyport offers an upstream nothing (no sampling, roots or elicitation); it answers pings. */
  private void answerServerRequest(JsonRpcMessage.Request request) {
    JsonRpcMessage answer =
        "ping".equals(request.method())
            ? new JsonRpcMessage.Response(request.id(), Map.of())
            : JsonRpcMessage.ErrorResponse.to(
                request.id(), JsonRpcError.METHOD_NOT_FOUND, "not offered by this client");
    try {
      write(answer);
    } catch (UpstreamException ignored) {
      // The reader ends the session.
    }
  }

  private void complete(JsonRpcId id, JsonRpcMessage message) {
    CompletableFuture<JsonRpcMessage> waiting = pending.get(id);
    if (waiting != null) {
      waiting.complete(message);
    }
  }

  @Override
  public boolean isOpen() {
    return open && process.isAlive();
  }

  @Override
  public void close() {
    open = false;
    pending.values().forEach(f -> f.completeExceptionally(new IOException("upstream gone")));
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
