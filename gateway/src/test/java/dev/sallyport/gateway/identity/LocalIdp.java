package dev.sallyport.gateway.identity;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback port that answers what a test scripts per path: for the ways an
 * IdP misbehaves that a well-behaved OAuth server (mock-oauth2-server) never does.
 */
final class LocalIdp implements AutoCloseable {
  /** What one path answers. */
  interface Answer {
    void write(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  LocalIdp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Answer answer = answers.get(exchange.getRequestURI().getPath());
            if (answer == null) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              answer.write(exchange);
            }
          }
        });
    server.start();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  LocalIdp on(String path, Answer answer) {
    answers.put(path, answer);
    return this;
  }

  LocalIdp json(String path, String body) {
    return on(path, exchange -> send(exchange, 200, body));
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
