package dev.sallyport.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for Acme's ERP, mail, CRM and directory APIs, for the demo only: they answer like the
 * real systems would and count what reached them, so the demo can show what was and was not sent.
 */
final class SampleSystems implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final AtomicInteger deletes = new AtomicInteger();

  SampleSystems() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL to put in place of the quickstart's {@code http://127.0.0.1:9801}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Requests that reached a system, by its first path segment ({@code erp}, {@code mail}) or its
   * first two ({@code erp/payments}).
   */
  int received(String system) {
    return received.getOrDefault(system, new AtomicInteger()).get();
  }

  /** How many DELETE requests reached any system. */
  int deletes() {
    return deletes.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/");
    String system = parts.length > 1 ? parts[1] : "";
    received.computeIfAbsent(system, s -> new AtomicInteger()).incrementAndGet();
    if (parts.length > 2) {
      received.computeIfAbsent(system + "/" + parts[2], s -> new AtomicInteger()).incrementAndGet();
    }
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    String method = exchange.getRequestMethod();
    if (method.equals("DELETE")) {
      deletes.incrementAndGet();
    }
    int status = 200;
    String body;
    if (path.equals("/erp/invoices")) {
      body =
          """
          {"invoices":[
            {"invoice_id":"INV-2026-0141","customer_id":"C-17","amount":1840.00,"currency":"EUR","status":"open"},
            {"invoice_id":"INV-2026-0142","customer_id":"C-09","amount":12990.50,"currency":"EUR","status":"open"},
            {"invoice_id":"INV-2026-0150","customer_id":"C-17","amount":310.00,"currency":"EUR","status":"overdue"}]}
          """;
    } else if (path.startsWith("/erp/payments") && method.equals("POST")) {
      status = 201;
      body = "{\"payment_id\":\"PAY-" + received("erp") + "\",\"state\":\"submitted\"}";
    } else if (path.startsWith("/mail/messages") && method.equals("POST")) {
      status = 202;
      body = "{\"message_id\":\"MSG-" + received("mail") + "\",\"state\":\"queued\"}";
    } else if (path.startsWith("/directory/users") && path.endsWith("/disable")) {
      body = "{\"state\":\"disabled\",\"sessions_revoked\":true}";
    } else if (path.startsWith("/directory/users") && path.endsWith("/enable")) {
      body = "{\"state\":\"enabled\"}";
    } else if (path.startsWith("/directory/users/") && method.equals("DELETE")) {
      body = "{\"state\":\"deleted\",\"licence_reclaimed\":true}";
    } else if (path.startsWith("/crm/customers/")) {
      body = "{\"customer_id\":\"" + parts[parts.length - 1] + "\",\"name\":\"Northwind Traders\"}";
    } else {
      status = 404;
      body = "{\"error\":\"not found\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
