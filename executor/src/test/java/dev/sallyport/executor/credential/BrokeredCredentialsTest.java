package dev.sallyport.executor.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.config.CredentialSettings;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.executor.ExecutionRequest;
import dev.sallyport.executor.ExecutorAudit;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.VerifyingExecutor;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.executor.connector.HttpConnector;
import dev.sallyport.grant.Ed25519SigningKey;
import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantKeyset;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.grant.InMemoryGrantKeysets;
import dev.sallyport.grant.Recipient;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.ArgumentsSchema;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.Tool;
import dev.sallyport.secrets.CredentialBroker;
import dev.sallyport.secrets.FileSecretStore;
import dev.sallyport.secrets.LeaseSettings;
import dev.sallyport.secrets.SecretReference;
import dev.sallyport.secrets.TenantPaths;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteNonceLedger;
import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's credentials through the broker, on real SQLite, real secret files and a real HTTP
 * system: leased just in time after the grant verified, presented as configured, revoked right
 * after the call (on failure too), every step in the ledger, and no call without the credential.
 */
class BrokeredCredentialsTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
  private static final String SECRET = "sk-live-CANARY-5b1f0c7e9a";
  private static final Map<String, Object> ARGS = Map.of("invoice_id", "INV-1");

  @TempDir Path temp;
  private final TestingClock clock = new TestingClock(NOW);
  private final SecureRandom random = new SecureRandom();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final InMemoryGrantKeysets keys = new InMemoryGrantKeysets();
  private HttpServer system;
  private HttpClient http;
  private SqliteAuditLog audit;
  private SqliteNonceLedger nonces;
  private CredentialBroker broker;
  private VerifyingExecutor executor;
  private GrantSigner signer;
  private int actions;

  @BeforeEach
  void start() throws IOException {
    Path folder = temp.resolve("secrets/acme");
    Files.createDirectories(
        folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path token = folder.resolve("erp-token");
    Files.writeString(token, SECRET + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    TenantPaths paths =
        new TenantPaths(
            temp.resolve("secrets") + "/{tenant}/", "kv/data/{tenant}/", "db-{tenant}/creds/");

    system = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    system.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    system.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          String apiKey = exchange.getRequestHeaders().getFirst("X-Api-Key");
          received.add(exchange.getRequestURI().getPath() + " " + authorization + " " + apiKey);
          boolean echo = exchange.getRequestURI().getPath().endsWith("/echo");
          byte[] answer =
              (echo ? "{\"error\":\"bad token " + authorization + "\"}" : "{\"invoice\":\"INV-1\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(echo ? 500 : 200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    system.start();
    http = HttpClient.newHttpClient();

    SqliteDatabase database = SqliteDatabase.open(temp.resolve("data"));
    audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    nonces = new SqliteNonceLedger(database, clock);
    ExecutorAudit executorAudit =
        new ExecutorAudit(audit, clock, new TimeOrderedIds(clock, random));
    broker =
        new CredentialBroker(
            List.of(new FileSecretStore(paths)),
            paths,
            LeaseSettings.defaults(),
            executorAudit,
            clock);

    String base = "http://127.0.0.1:" + system.getAddress().getPort();
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    SecretReference file = SecretReference.parse("file:" + token);
    Map<String, CredentialSettings> credentials = new HashMap<>();
    Map<String, ExecutorCatalog.Entry> tools = new HashMap<>();
    connector(
        tools,
        credentials,
        "erp",
        base,
        new CredentialSettings(file, new CredentialSettings.Bearer()));
    connector(
        tools,
        credentials,
        "keyed",
        base,
        new CredentialSettings(file, new CredentialSettings.Header("X-Api-Key")));
    connector(
        tools,
        credentials,
        "basic",
        base,
        new CredentialSettings(file, new CredentialSettings.Login("svc-erp")));
    connector(
        tools,
        credentials,
        "down",
        "http://127.0.0.1:" + closed,
        new CredentialSettings(file, new CredentialSettings.Bearer()));
    connector(
        tools,
        credentials,
        "missing",
        base,
        new CredentialSettings(
            SecretReference.parse("file:" + folder.resolve("no-such-token")),
            new CredentialSettings.Bearer()));
    keys.put(GrantKeyset.withPrimary(ACME, Ed25519SigningKey.generate("acme-1", random)));
    signer = new GrantSigner(keys, clock, random);
    executor =
        new VerifyingExecutor(
            new ExecutorCatalog(Map.of(ACME, tools)),
            new GrantVerifier(tenant -> keys.forTenant(tenant).withoutSecrets(), nonces, clock),
            executorAudit,
            new BrokeredCredentials(Map.of(ACME, credentials), broker));
  }

  private void connector(
      Map<String, ExecutorCatalog.Entry> tools,
      Map<String, CredentialSettings> credentials,
      String name,
      String base,
      CredentialSettings credential) {
    ConnectorSettings.Http settings =
        new ConnectorSettings.Http(
            name, URI.create(base + "/" + name), Duration.ofSeconds(5), Optional.of(credential));
    HttpConnector connector = new HttpConnector(settings, http, new ObjectMapper());
    for (String path : List.of("read", "echo")) {
      Tool tool =
          new Tool(
              name + "." + path,
              name,
              EffectClass.READ,
              "",
              ArgumentsSchema.ANY_OBJECT,
              new Tool.Operation("GET", "/" + path));
      tools.put(tool.name(), new ExecutorCatalog.Entry(tool, connector));
    }
    credentials.put(name, credential);
  }

  @AfterEach
  void stop() {
    broker.close();
    nonces.close();
    audit.close();
    system.stop(0);
    http.close();
  }

  private ExecutionOutcome call(String tool) {
    String action = "action-" + ++actions;
    String packet =
        signer
            .sign(
                ExpectedCall.of(ACME, action, tool, ARGS, Recipient.hostOf("http://127.0.0.1/")),
                "v1")
            .packet();
    return executor.execute(new ExecutionRequest(packet, ACME, action, "finance-bot", tool, ARGS));
  }

  private List<AuditEvent> events() {
    return audit.read(ACME, 0, (int) audit.size(ACME));
  }

  @Test
  void sendsTheLeasedTokenAsBearerAndRevokesTheLeaseRightAfterTheCall() {
    ExecutionOutcome outcome = call("erp.read");

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Dispatched.class);
    assertThat(received).containsExactly("/erp/read Bearer " + SECRET + " null");
    assertThat(broker.openLeases()).isZero();
    assertThat(events())
        .extracting(e -> e.type() + " " + e.outcome() + " " + e.reason())
        .containsExactly(
            "action.dispatching dispatching not_idempotent",
            "lease.granted ok granted",
            "lease.revoked ok closed",
            "action.result ok status_200");
    assertThat(events().get(1).actionId()).contains("action-1");
    assertThat(events().get(1).detail().orElseThrow()).contains("file:" + temp);
  }

  @Test
  void presentsTheCredentialInAHeaderOfItsOwnOrAsHttpBasic() {
    call("keyed.read");
    call("basic.read");

    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(("svc-erp:" + SECRET).getBytes(StandardCharsets.UTF_8));
    assertThat(received)
        .containsExactly("/keyed/read null " + SECRET, "/basic/read Basic " + basic + " null");
  }

  @Test
  void revokesTheLeaseWhenTheSystemCannotBeReached() {
    ExecutionOutcome outcome = call("down.read");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ExecutionOutcome.Dispatched.class,
            d -> assertThat(d.result()).isInstanceOf(DispatchResult.Unreachable.class));
    assertThat(broker.openLeases()).isZero();
    assertThat(events()).extracting(AuditEvent::type).contains("lease.granted", "lease.revoked");
  }

  @Test
  void sendsNothingWhenTheSecretCannotBeLeased() {
    ExecutionOutcome outcome = call("missing.read");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ExecutionOutcome.NotSent.class,
            n -> assertThat(n.code()).isEqualTo(ErrorCode.EXECUTOR_UNAVAILABLE));
    assertThat(received).isEmpty();
    assertThat(events())
        .extracting(e -> e.type() + " " + e.outcome() + " " + e.reason())
        .containsExactly(
            "action.dispatching dispatching not_idempotent",
            "lease.failed error not_found",
            "action.result not_sent credential_unavailable");
  }

  @Test
  void withholdsAnAnswerThatRepeatsTheCredential() {
    ExecutionOutcome outcome = call("erp.echo");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ExecutionOutcome.Dispatched.class,
            d ->
                assertThat(d.result())
                    .isEqualTo(new DispatchResult.Answered(500, HttpConnector.WITHHELD)));
  }

  @Test
  void noEventAndNoOutcomeHoldsTheSecret() {
    List<ExecutionOutcome> outcomes =
        List.of(call("erp.read"), call("erp.echo"), call("down.read"), call("missing.read"));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.toString()).doesNotContain(SECRET));
    assertThat(events())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain(SECRET));
  }
}
