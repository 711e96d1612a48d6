package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vault server in-process, implementing the subset of the HTTP API the store uses, as the Vault
 * and OpenBao API documentation describes it:
 *
 * <ul>
 *   <li>{@code X-Vault-Token} on every request; a missing or wrong token is {@code 403} with {@code
 *       {"errors":["permission denied"]}}.
 *   <li>KV version 2 read, {@code GET /v1/MOUNT/data/PATH}: {@code 200} with {@code data.data} and
 *       {@code data.metadata}; a missing path is {@code 404 {"errors":[]}}; a soft-deleted version
 *       is {@code 404} with {@code data.data: null} and a {@code deletion_time}.
 *   <li>A dynamic secret, {@code GET /v1/PATH} of a configured role: {@code 200} with a fresh
 *       {@code lease_id} (the path, a slash and a UUID, as Vault does), {@code lease_duration},
 *       {@code renewable} and {@code data}.
 *   <li>{@code PUT /v1/sys/leases/renew} with {@code lease_id} and {@code increment}: {@code 200}
 *       with the new {@code lease_duration} (capped at the role's maximum); an unknown lease or a
 *       non-renewable one is {@code 400}.
 *   <li>{@code PUT /v1/sys/leases/revoke} with {@code lease_id}: {@code 204}.
 * </ul>
 *
 * <p>It tracks every lease it issued (active, renewed, revoked) so tests can assert that the
 * executor revoked after use, after a failure and after the TTL; and it injects faults (a status, a
 * raw body, an answer that never comes) into the next requests to a path.
 *
 * <p>Public and in this module's test jar, so that the end-to-end test of the executor's
 * credentials runs against the same Vault as the store's own tests.
 */
public final class TestingVault implements AutoCloseable {
  public static final String TOKEN = "hvs.TESTINGVAULTTOKEN0000000000000000";

  private static final Pattern LEASE_ID = Pattern.compile("\"lease_id\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern INCREMENT = Pattern.compile("\"increment\"\\s*:\\s*([0-9]+)");

  /** A role of a dynamic secrets engine. */
  record Role(
      Map<String, String> data, Duration leaseDuration, Duration maxTtl, boolean renewable) {}

  /** A lease this server issued. */
  record IssuedLease(String id, String path, Instant issuedAt, Duration duration) {}

  /** One request as received; the token itself is not kept, only whether it was right. */
  record Received(String method, String apiPath, boolean tokenValid, Optional<String> namespace) {}

  /** One injected answer; a class, not a record, because it holds an array. */
  private static final class Fault {
    private final String apiPath;
    private final int status;
    private final byte[] body;
    private final boolean hang;

    Fault(String apiPath, int status, byte[] body, boolean hang) {
      this.apiPath = apiPath;
      this.status = status;
      this.body = body;
      this.hang = hang;
    }

    String apiPath() {
      return apiPath;
    }

    int status() {
      return status;
    }

    byte[] body() {
      return body;
    }

    boolean hang() {
      return hang;
    }
  }

  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Map<String, Object>> kv = new ConcurrentHashMap<>();
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();
  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  private final Map<String, IssuedLease> active = new ConcurrentHashMap<>();
  private final List<String> revoked = new CopyOnWriteArrayList<>();
  private final List<String> renewed = new CopyOnWriteArrayList<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger issuedCount = new AtomicInteger();

  public TestingVault(Clock clock) throws IOException {
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Writes a KV version 2 secret at {@code apiPath} ({@code kv/data/acme/erp}). */
  public void putKv(String apiPath, Map<String, Object> data) {
    kv.put(apiPath, new LinkedHashMap<>(data));
    deleted.remove(apiPath);
  }

  /** Soft-deletes the latest version, as {@code DELETE /v1/MOUNT/data/PATH} does. */
  public void deleteKv(String apiPath) {
    deleted.add(apiPath);
  }

  void putRole(String apiPath, Role role) {
    roles.put(apiPath, role);
  }

  /** The next request to a path starting with {@code apiPath} (any path if null) gets this. */
  public void failNext(String apiPath, int status, String body) {
    faults.add(new Fault(apiPath, status, body.getBytes(UTF_8), false));
  }

  public void failNext(String apiPath, int status, byte[] body) {
    faults.add(new Fault(apiPath, status, body, false));
  }

  /** The next request to {@code apiPath} gets no answer until the server closes. */
  public void hangNext(String apiPath) {
    faults.add(new Fault(apiPath, 0, new byte[0], true));
  }

  Map<String, IssuedLease> activeLeases() {
    return Map.copyOf(active);
  }

  public List<String> revokedLeases() {
    return List.copyOf(revoked);
  }

  List<String> renewedLeases() {
    return List.copyOf(renewed);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  public int issued() {
    return issuedCount.get();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rawPath = exchange.getRequestURI().getRawPath();
      if (!rawPath.startsWith("/v1/")) {
        respond(exchange, 404, "{\"errors\":[]}");
        return;
      }
      String apiPath = rawPath.substring("/v1/".length());
      String method = exchange.getRequestMethod();
      boolean tokenValid = TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"));
      received.add(
          new Received(
              method,
              apiPath,
              tokenValid,
              Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Vault-Namespace"))));
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      Fault fault = takeFault(apiPath);
      if (fault != null) {
        if (fault.hang()) {
          release.await(30, TimeUnit.SECONDS);
          return;
        }
        respond(exchange, fault.status(), fault.body());
        return;
      }
      if (!tokenValid) {
        respond(exchange, 403, "{\"errors\":[\"permission denied\"]}");
        return;
      }
      switch (method) {
        case "GET" -> read(exchange, apiPath);
        case "PUT", "POST" -> {
          String body = new String(requestBody, UTF_8);
          switch (apiPath) {
            case "sys/leases/renew" -> renew(exchange, body);
            case "sys/leases/revoke" -> revoke(exchange, body);
            default -> respond(exchange, 405, "{\"errors\":[]}");
          }
        }
        default -> respond(exchange, 405, "{\"errors\":[]}");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Fault takeFault(String apiPath) {
    Iterator<Fault> iterator = faults.iterator();
    while (iterator.hasNext()) {
      Fault fault = iterator.next();
      if (fault.apiPath() == null || apiPath.startsWith(fault.apiPath())) {
        faults.remove(fault);
        return fault;
      }
    }
    return null;
  }

  private void read(HttpExchange exchange, String apiPath) throws IOException {
    Map<String, Object> secret = kv.get(apiPath);
    if (secret != null) {
      String metadata =
          "{\"created_time\":\"2018-03-22T02:24:06.945319214Z\",\"custom_metadata\":null,"
              + "\"deletion_time\":\""
              + (deleted.contains(apiPath) ? "2018-03-22T02:36:43.986212308Z" : "")
              + "\",\"destroyed\":false,\"version\":1}";
      if (deleted.contains(apiPath)) {
        respond(exchange, 404, "{\"data\":{\"data\":null,\"metadata\":" + metadata + "}}");
        return;
      }
      respond(
          exchange,
          200,
          "{\"request_id\":\""
              + UUID.randomUUID()
              + "\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,\"data\":{\"data\":"
              + json(secret)
              + ",\"metadata\":"
              + metadata
              + "},\"wrap_info\":null,\"warnings\":null,\"auth\":null}");
      return;
    }
    Role role = roles.get(apiPath);
    if (role != null) {
      String leaseId = apiPath + "/" + UUID.randomUUID();
      active.put(leaseId, new IssuedLease(leaseId, apiPath, clock.instant(), role.leaseDuration()));
      issuedCount.incrementAndGet();
      respond(
          exchange,
          200,
          "{\"request_id\":\""
              + UUID.randomUUID()
              + "\",\"lease_id\":\""
              + leaseId
              + "\",\"renewable\":"
              + role.renewable()
              + ",\"lease_duration\":"
              + role.leaseDuration().toSeconds()
              + ",\"data\":"
              + json(new LinkedHashMap<>(role.data()))
              + ",\"wrap_info\":null,\"warnings\":null,\"auth\":null}");
      return;
    }
    respond(exchange, 404, "{\"errors\":[]}");
  }

  private void renew(HttpExchange exchange, String body) throws IOException {
    Matcher id = LEASE_ID.matcher(body);
    Matcher increment = INCREMENT.matcher(body);
    if (!id.find()) {
      respond(exchange, 400, "{\"errors\":[\"missing lease id\"]}");
      return;
    }
    IssuedLease lease = active.get(id.group(1));
    if (lease == null) {
      respond(exchange, 400, "{\"errors\":[\"lease not found\"]}");
      return;
    }
    Role role = roles.get(lease.path());
    if (!role.renewable()) {
      respond(exchange, 400, "{\"errors\":[\"lease is not renewable\"]}");
      return;
    }
    long requested = increment.find() ? Long.parseLong(increment.group(1)) : 0;
    long granted =
        requested == 0
            ? role.leaseDuration().toSeconds()
            : Math.min(requested, role.maxTtl().toSeconds());
    active.put(
        lease.id(),
        new IssuedLease(lease.id(), lease.path(), clock.instant(), Duration.ofSeconds(granted)));
    renewed.add(lease.id());
    respond(
        exchange,
        200,
        "{\"lease_id\":\""
            + lease.id()
            + "\",\"renewable\":true,\"lease_duration\":"
            + granted
            + "}");
  }

  private void revoke(HttpExchange exchange, String body) throws IOException {
    Matcher id = LEASE_ID.matcher(body);
    if (!id.find()) {
      respond(exchange, 400, "{\"errors\":[\"missing lease id\"]}");
      return;
    }
    if (active.remove(id.group(1)) != null) {
      revoked.add(id.group(1));
    }
    exchange.sendResponseHeaders(204, -1);
  }

  private static String json(Map<String, Object> values) {
    List<String> members = new ArrayList<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      Object value = entry.getValue();
      String encoded =
          value == null
              ? "null"
              : value instanceof String s ? "\"" + escape(s) + "\"" : String.valueOf(value);
      members.add("\"" + escape(entry.getKey()) + "\":" + encoded);
    }
    return "{" + String.join(",", members) + "}";
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    respond(exchange, status, body.getBytes(UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
