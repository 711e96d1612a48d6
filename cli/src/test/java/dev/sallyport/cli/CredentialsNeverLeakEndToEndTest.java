package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.config.Deployment;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.TestingVault;
import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The credential guarantee end to end: the embedded gateway on real SQLite, leasing the ERP's token
 * from an in-process Vault for each call, against a real HTTP system that refuses calls without it.
 * Allowed calls and every kind of failing call (the system answers 500, even echoing the token; the
 * system is down; the secret is missing; Vault is down) are made; then every response the agent got
 * (status, headers, body), the whole ledger export, every operator log line and the commands'
 * output are searched for the token. It must be nowhere, and the system must have received it.
 */
class CredentialsNeverLeakEndToEndTest {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path temp;
  private final String secret = "erp-CANARY-" + HexFormat.of().formatHex(randomBytes());
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> agentSaw = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private TestingVault vault;
  private HttpServer erp;
  private ListAppender<ILoggingEvent> logs;
  private Level rootLevel;

  private static byte[] randomBytes() {
    byte[] bytes = new byte[12];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }

  @BeforeEach
  void start() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.TRACE);
    logs = new ListAppender<>();
    logs.setContext(context);
    logs.start();
    root.addAppender(logs);

    vault = new TestingVault(Clock.systemUTC());
    vault.putKv("kv/data/acme/erp", Map.of("token", secret));
    erp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    erp.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    erp.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(String.valueOf(authorization));
          String path = exchange.getRequestURI().getPath();
          int status;
          String body;
          if (!("Bearer " + secret).equals(authorization)) {
            status = 401;
            body = "{\"error\":\"unauthorized\"}";
          } else if (path.endsWith("/invoices/echo")) {
            // A careless system that repeats the credential in its error page.
            status = 500;
            body =
                "{\"error\":\"internal\",\"debug\":{\"authorization\":\"" + authorization + "\"}}";
          } else if (path.endsWith("/invoices/fail")) {
            status = 500;
            body = "{\"error\":\"internal\"}";
          } else {
            status = 200;
            body = "{\"invoices\":[{\"invoice_id\":\"INV-1\"}]}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    erp.start();
  }

  @AfterEach
  void stop() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    root.setLevel(rootLevel);
    erp.stop(0);
    vault.close();
  }

  @Test
  void theCredentialReachesTheSystemAndNothingElse() throws Exception {
    Path vaultFolder = temp.resolve("vault");
    Files.createDirectories(vaultFolder);
    Files.setPosixFilePermissions(vaultFolder, PosixFilePermissions.fromString("rwx------"));
    Path tokenFile = vaultFolder.resolve("token");
    Files.writeString(tokenFile, TestingVault.TOKEN + "\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    String erpUrl = "http://127.0.0.1:" + erp.getAddress().getPort();
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    Files.writeString(
        config.resolve("sallyport.yaml"),
        Files.readString(config.resolve("sallyport.yaml"))
            + "secrets:\n  vault:\n    url: "
            + vault.address()
            + "\n    token: file:"
            + tokenFile
            + "\n    timeout_ms: 2000\n");
    String tenant = Files.readString(config.resolve("tenants/acme/tenant.yaml"));
    tenant =
        tenant
            .replace(
                "    base_url: http://127.0.0.1:9801/erp\n",
                "    base_url: " + erpUrl + "/erp\n    credential: vault:kv/data/acme/erp#token\n")
            .replace(
                "    base_url: http://127.0.0.1:9801/mail\n",
                "    base_url: "
                    + erpUrl
                    + "/mail\n    credential: vault:kv/data/acme/mail-missing#token\n")
            .replace(
                "    base_url: http://127.0.0.1:9801/crm\n",
                "    base_url: http://127.0.0.1:"
                    + closed
                    + "/crm\n    credential: vault:kv/data/acme/erp#token\n");
    Files.writeString(config.resolve("tenants/acme/tenant.yaml"), tenant);
    Deployment deployment = Loading.deployment(config);
    DevelopmentIssuer.initialise(deployment);
    String token =
        DevelopmentIssuer.load(deployment)
            .mint(
                ACME,
                "finance-bot",
                PrincipalKind.AGENT,
                List.of(),
                Instant.now(),
                Duration.ofMinutes(10));
    Path data = temp.resolve("data");
    String commands;
    String bundle;
    List<AuditEvent> events;

    try (EmbeddedGateway gateway = EmbeddedGateway.start(deployment, data, "127.0.0.1", 0);
        HttpClient http = HttpClient.newHttpClient()) {
      commands =
          run(
              "agents",
              "promote",
              "--config",
              config.toString(),
              "--data",
              data.toString(),
              "--tenant",
              "acme",
              "--agent",
              "finance-bot",
              "--by",
              "admin@acme.example");
      gateway.promotions().recordPending();
      String base = "http://127.0.0.1:" + gateway.port();

      // The session's task names the customer, so the e-mail below is not held by the taint the
      // reads bring (the guards have their own tests): it gets as far as the credential lease.
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/v1/sessions/s-1/task"))
                          .header("Authorization", "Bearer " + token)
                          .header("Content-Type", "application/json")
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  "{\"task\": \"Write to buyer@northwind.example\"}"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(201);
      Map<String, Object> allowed =
          call(http, base, token, "invoices.list", Map.of("status", "open"));
      assertThat(allowed).containsEntry("http_status", 200).containsEntry("status", "executed");
      assertThat(call(http, base, token, "invoices.get", Map.of("invoice_id", "fail")))
          .containsEntry("http_status", 200);
      Map<String, Object> echoed =
          call(http, base, token, "invoices.get", Map.of("invoice_id", "echo"));
      assertThat(echoed.get("result").toString()).contains("withheld");
      assertThat(call(http, base, token, "crm.lookup_customer", Map.of("customer_id", "C-1")))
          .containsEntry("http_status", 502);
      assertThat(
              call(
                  http,
                  base,
                  token,
                  "email.send_customer",
                  Map.of("to", "buyer@northwind.example", "subject", "Hi", "body", "Invoice")))
          .containsEntry("http_status", 503);
      vault.close();
      assertThat(call(http, base, token, "invoices.list", Map.of("status", "paid")))
          .containsEntry("http_status", 503);

      events = gateway.audit().read(ACME, 0, (int) gateway.audit().size(ACME));
      gateway.ledger().checkpointAll();
      ByteArrayOutputStream export = new ByteArrayOutputStream();
      gateway.ledger().export(ACME, export);
      bundle = export.toString(StandardCharsets.UTF_8);
    }

    // The system got the credential on every call that reached it (the list, the two 500s), and
    // only ever the right one.
    assertThat(authorizations).hasSize(3).containsOnly("Bearer " + secret);
    // The ledger tells what happened to each lease, without the value.
    assertThat(events)
        .extracting(e -> e.type() + " " + e.reason())
        .contains(
            "agent.promoted agent:finance-bot",
            "lease.granted granted",
            "lease.revoked closed",
            "lease.failed not_found",
            "lease.failed unavailable",
            "action.result credential_unavailable");

    List<String> logLines = new ArrayList<>();
    for (ILoggingEvent event : logs.list) {
      logLines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        logLines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertThat(logLines).isNotEmpty();
    Map<String, String> haystacks =
        Map.of(
            "agent responses", String.join("\n", agentSaw),
            "ledger export", bundle,
            "ledger events", events.toString(),
            "operator logs", String.join("\n", logLines),
            "command output", commands);
    List<String> needles =
        List.of(
            secret,
            secret.substring(secret.length() - 12),
            Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
            TestingVault.TOKEN);
    haystacks.forEach((where, text) -> {
      assertThat(text).as(where).isNotEmpty();
      for (String needle : needles) {
        assertThat(text).as(where).doesNotContain(needle);
      }
    });
  }

  private Map<String, Object> call(
      HttpClient http, String base, String token, String tool, Map<String, Object> arguments)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/actions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        json.writeValueAsBytes(
                            Map.of("tool", tool, "arguments", arguments, "session_id", "s-1"))))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    agentSaw.add(response.statusCode() + " " + response.headers().map() + " " + response.body());
    @SuppressWarnings("unchecked")
    Map<String, Object> answer = json.readValue(response.body(), Map.class);
    answer.put("http_status", response.statusCode());
    return answer;
  }

  private static String run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
      System.setOut(both);
      System.setErr(both);
      int exit = Main.run(args);
      String text = captured.toString(StandardCharsets.UTF_8);
      assertThat(exit).as(text).isZero();
      return text;
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
