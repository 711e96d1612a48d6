package dev.sallyport.executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.connector.HttpConnector;
import dev.sallyport.executor.connector.SmtpConnector;
import dev.sallyport.grant.Ed25519SigningKey;
import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantKeyset;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.grant.InMemoryGrantKeysets;
import dev.sallyport.grant.Recipient;
import dev.sallyport.model.ArgumentsSchema;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.Tool;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteNonceLedger;
import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An executor wired as {@code sallyport executor} wires it, on SQLite in a temporary folder (its
 * ledger and its nonces), with a testing clock, two tenants with their own Ed25519 keys, an HTTP
 * system on loopback that records what reaches it, and an SMTP connector to {@code smtpPort}.
 */
final class ExecutorFixture implements AutoCloseable {
  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Map<String, Object> PAYMENT =
      Map.of("supplier_id", "S-1", "iban", "DE89370400440532013000", "amount", 120L);
  static final Map<String, Object> MAIL =
      Map.of("to", "buyer@northwind.example", "subject", "Your invoice", "body", "Attached.");

  final Path data;
  final TestingClock clock = new TestingClock(NOW);
  final InMemoryGrantKeysets keys = new InMemoryGrantKeysets();
  final GrantSigner signer;
  final HttpServer system;
  final List<String> received = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  final int smtpPort;
  SqliteAuditLog audit;
  SqliteNonceLedger nonces;
  VerifyingExecutor executor;
  private final SecureRandom random = new SecureRandom();

  ExecutorFixture(Path data, int smtpPort) throws IOException {
    this.data = data;
    this.smtpPort = smtpPort;
    keys.put(GrantKeyset.withPrimary(ACME, Ed25519SigningKey.generate("acme-1", random)));
    keys.put(GrantKeyset.withPrimary(GLOBEX, Ed25519SigningKey.generate("globex-1", random)));
    signer = new GrantSigner(keys, clock, random);
    system = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    system.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    system.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            received.add(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI()
                    + " "
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          byte[] answer = "{\"payment_id\":\"PAY-1\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(201, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    system.start();
    open();
  }

  /** Opens (or reopens, after {@link #crash}) the executor's stores and wires it. */
  void open() {
    SqliteDatabase database = SqliteDatabase.open(data);
    audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    nonces = new SqliteNonceLedger(database, clock);
    ExecutorAudit executorAudit =
        new ExecutorAudit(audit, clock, new TimeOrderedIds(clock, random));
    executor =
        new VerifyingExecutor(
            catalog(),
            new GrantVerifier(tenant -> keys.forTenant(tenant).withoutSecrets(), nonces, clock),
            executorAudit,
            CredentialSource.none());
  }

  /** Stops as a killed process would: the stores close, nothing else is written. */
  void crash() {
    nonces.close();
    audit.close();
  }

  private ExecutorCatalog catalog() {
    ConnectorSettings.Http erp =
        new ConnectorSettings.Http(
            "erp",
            URI.create("http://127.0.0.1:" + system.getAddress().getPort() + "/erp"),
            Duration.ofSeconds(5));
    ConnectorSettings.Smtp mail =
        new ConnectorSettings.Smtp(
            "mail",
            "127.0.0.1",
            smtpPort,
            "billing@acme.example",
            ConnectorSettings.Security.NONE,
            Duration.ofSeconds(5));
    HttpConnector erpConnector = new HttpConnector(erp, http, new ObjectMapper());
    SmtpConnector mailConnector = new SmtpConnector(mail);
    Tool pay =
        new Tool(
            "payments.pay_supplier",
            "erp",
            EffectClass.SPEND,
            "",
            ArgumentsSchema.ANY_OBJECT,
            new Tool.Operation("POST", "/payments"));
    Tool send =
        new Tool(
            "email.send_customer",
            "mail",
            EffectClass.EXTERNAL_SEND,
            "",
            ArgumentsSchema.ANY_OBJECT,
            Tool.Email.DEFAULT);
    Map<String, ExecutorCatalog.Entry> tools =
        Map.of(
            pay.name(), new ExecutorCatalog.Entry(pay, erpConnector),
            send.name(), new ExecutorCatalog.Entry(send, mailConnector));
    return new ExecutorCatalog(Map.of(ACME, tools, GLOBEX, tools));
  }

  /** The recipient of a payment to the ERP: its host. */
  Recipient erpHost() {
    return Recipient.hostOf("http://127.0.0.1/");
  }

  /** A grant for exactly {@code arguments} of {@code tool} to {@code recipient}. */
  String grant(
      TenantId tenant,
      String actionId,
      String tool,
      Map<String, Object> arguments,
      Recipient recipient) {
    return signer
        .sign(ExpectedCall.of(tenant, actionId, tool, arguments, recipient), "v1")
        .packet();
  }

  ExecutionRequest request(
      String packet, TenantId tenant, String actionId, String tool, Map<String, Object> arguments) {
    return new ExecutionRequest(packet, tenant, actionId, "finance-bot", tool, arguments);
  }

  @Override
  public void close() {
    crash();
    system.stop(0);
    http.close();
  }
}
