package dev.sallyport.gateway;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test code only: a loopback HTTP proxy that forwards every request to {@code target} with {@code
 * Authorization: Bearer <token>} put in, and streams each answer back as it arrives (event streams
 * included). It lets a client that cannot present a token, such as the MCP conformance suite, speak
 * to an endpoint that requires one, without any bypass in the gateway itself.
 */
final class BearerForwardingProxy implements AutoCloseable {
  /** Headers that belong to one hop, or that the JDK client sets itself. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "authorization",
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  private final URI target;
  private final String token;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  BearerForwardingProxy(URI target, String token) throws IOException {
    this.target = requireNonNull(target, "target is null");
    this.token = requireNonNull(token, "token is null");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(threads);
    server.start();
  }

  /** Where clients reach the proxy, e.g. {@code http://127.0.0.1:4711}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
          header.getValue().forEach(v -> request.header(header.getKey(), v));
        }
      }
      request.header("Authorization", "Bearer " + token);
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      response
          .headers()
          .map()
          .forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
              exchange.getResponseHeaders().put(name, values);
            }
          });
      boolean empty =
          response.statusCode() == 204
              || response.headers().firstValue("content-length").orElse("").equals("0");
      exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
      try (InputStream in = response.body();
          OutputStream out = exchange.getResponseBody()) {
        byte[] buffer = new byte[8192];
        int n;
        // Flushed after every read, so that each event of a stream reaches the client at once.
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    http.close();
  }
}
