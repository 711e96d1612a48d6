package dev.sallyport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.config.Cidr;
import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.executor.ActionExecutor;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.executor.ExecutionRequest;
import dev.sallyport.executor.ExecutorAudit;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.VerifyingExecutor;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.executor.connector.HttpConnector;
import dev.sallyport.executor.connector.PreparedRequest;
import dev.sallyport.executor.http.ExecutorServer;
import dev.sallyport.executor.http.RemoteExecutor;
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
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteNonceLedger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the executor adds to one HTTP tool call (issue #6): {@code direct} sends the prepared
 * request to a loopback system with nothing in between; {@code inProcess} signs an Ed25519 grant,
 * verifies it (nonce in SQLite, one durable insert) and sends, as the embedded gateway does; {@code
 * overHttp} does the same through a separate executor's listener on loopback. The audit log is a
 * no-op here, so that the figures show the executor and not the ledger (see the ledger benchmarks
 * for that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ExecutorDispatchBenchmark {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String TOOL = "payments.pay_supplier";
  private static final Map<String, Object> ARGUMENTS =
      Map.of("supplier_id", "S-1", "iban", "DE89370400440532013000", "amount", 120L);

  private HttpServer system;
  private HttpClient http;
  private SqliteNonceLedger nonces;
  private ExecutorServer server;
  private GrantSigner signer;
  private ActionExecutor local;
  private ActionExecutor remote;
  private PreparedRequest prepared;
  private Recipient recipient;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    system = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    system.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    system.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] answer = "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(201, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    system.start();
    http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    InMemoryGrantKeysets keys = new InMemoryGrantKeysets();
    keys.put(GrantKeyset.withPrimary(ACME, Ed25519SigningKey.generate("k1", random)));
    signer = new GrantSigner(keys, clock, random);
    Path data = Files.createTempDirectory("sallyport-executor-bench-");
    nonces = new SqliteNonceLedger(SqliteDatabase.open(data), clock);
    HttpConnector connector =
        new HttpConnector(
            new ConnectorSettings.Http(
                "erp",
                URI.create("http://127.0.0.1:" + system.getAddress().getPort() + "/erp"),
                Duration.ofSeconds(5)),
            http,
            new ObjectMapper());
    Tool tool =
        new Tool(
            TOOL,
            "erp",
            EffectClass.SPEND,
            "",
            ArgumentsSchema.ANY_OBJECT,
            new Tool.Operation("POST", "/payments"));
    ExecutorCatalog catalog =
        new ExecutorCatalog(Map.of(ACME, Map.of(TOOL, new ExecutorCatalog.Entry(tool, connector))));
    local =
        new VerifyingExecutor(
            catalog,
            new GrantVerifier(tenant -> keys.forTenant(tenant).withoutSecrets(), nonces, clock),
            new ExecutorAudit(new NoAuditLog(), clock, new TimeOrderedIds(clock, random)),
            CredentialSource.none());
    server = ExecutorServer.start(local, List.of(Cidr.parse("127.0.0.1/32")), "127.0.0.1", 0);
    remote =
        new RemoteExecutor(
            URI.create("http://127.0.0.1:" + server.port()), http, Duration.ofSeconds(10));
    prepared = connector.prepare(tool, ARGUMENTS);
    recipient = prepared.recipient();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    server.close();
    nonces.close();
    http.close();
    system.stop(0);
  }

  @Benchmark
  public DispatchResult direct() {
    return prepared.send(java.util.Optional.empty());
  }

  @Benchmark
  public ExecutionOutcome inProcess() {
    return local.execute(request());
  }

  @Benchmark
  public ExecutionOutcome overHttp() {
    return remote.execute(request());
  }

  private ExecutionRequest request() {
    String action = UUID.randomUUID().toString();
    String packet =
        signer.sign(ExpectedCall.of(ACME, action, TOOL, ARGUMENTS, recipient), "v1").packet();
    return new ExecutionRequest(packet, ACME, action, "bench", TOOL, ARGUMENTS);
  }
}
