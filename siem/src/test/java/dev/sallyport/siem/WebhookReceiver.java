package dev.sallyport.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP receiver (the JDK's server) whose answers a test scripts. */
final class WebhookReceiver implements AutoCloseable {
  /** One answer: a status and headers. */
  record Reply(int status, Map<String, String> headers) {
    static Reply ok() {
      return new Reply(200, Map.of());
    }
  }

  /** Decides the answer to the n-th request (from 1); may block to hold the request open. */
  interface Script {
    Reply answer(int attempt, List<Map<String, Object>> records) throws InterruptedException;
  }

  /** What arrived. */
  record Request(
      Instant at, int status, String signature, byte[] body, List<Map<String, Object>> records) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile Script script = (attempt, records) -> Reply.ok();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1, on {@code port} or any free port for 0. */
  static WebhookReceiver start(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    WebhookReceiver receiver = new WebhookReceiver(server);
    server.createContext("/ingest", receiver::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return receiver;
  }

  void script(Script script) {
    this.script = script;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port() + "/ingest");
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Records of every request answered 2xx, in arrival order. */
  List<Map<String, Object>> accepted() {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Request request : requests) {
      if (request.status() / 100 == 2) {
        records.addAll(request.records());
      }
    }
    return records;
  }

  /** Event ids of every accepted record, each once. */
  Set<String> acceptedIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (Map<String, Object> record : accepted()) {
      ids.add((String) record.get("id"));
    }
    return ids;
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, Object> json = JSON.readValue(body, Map.class);
      List<Map<String, Object>> records = (List<Map<String, Object>>) json.get("records");
      int attempt = attempts.incrementAndGet();
      Reply reply;
      try {
        reply = script.answer(attempt, records);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      requests.add(
          new Request(
              Instant.now(),
              reply.status(),
              exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
              body,
              records));
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
