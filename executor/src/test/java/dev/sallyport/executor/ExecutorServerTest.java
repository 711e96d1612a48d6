package dev.sallyport.executor;

import static dev.sallyport.executor.ExecutorFixture.ACME;
import static dev.sallyport.executor.ExecutorFixture.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.config.Cidr;
import dev.sallyport.executor.http.ExecutorServer;
import dev.sallyport.executor.http.RemoteExecutor;
import dev.sallyport.model.ErrorCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor as its own listener: the HTTP hop, its refusals, and who may reach it. */
class ExecutorServerTest {
  private static final String ACTION = "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b70";
  private static final String PAY = "payments.pay_supplier";

  @TempDir Path data;
  ExecutorFixture f;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    f = new ExecutorFixture(data, 1);
  }

  @AfterEach
  void stop() {
    f.close();
    client.close();
  }

  private RemoteExecutor remote(ExecutorServer server) {
    return new RemoteExecutor(
        URI.create("http://127.0.0.1:" + server.port()), client, Duration.ofSeconds(10));
  }

  @Test
  void theGatewaysAddressGetsTheCallDispatchedOverHttp() throws Exception {
    try (ExecutorServer server =
        ExecutorServer.start(f.executor, List.of(Cidr.parse("127.0.0.1/32")), "127.0.0.1", 0)) {
      String packet = f.grant(ACME, ACTION, PAY, PAYMENT, f.erpHost());

      ExecutionOutcome outcome =
          remote(server).execute(f.request(packet, ACME, ACTION, PAY, PAYMENT));

      assertThat(outcome).isInstanceOf(ExecutionOutcome.Dispatched.class);
      assertThat(f.received).hasSize(1);
      // The same packet again, over the same hop: refused as a replay, nothing sent.
      assertThat(remote(server).execute(f.request(packet, ACME, ACTION, PAY, PAYMENT)))
          .isInstanceOf(ExecutionOutcome.Refused.class);
      assertThat(f.received).hasSize(1);
    }
  }

  @Test
  void aRefusalIsAProblemThatSaysOnlyInvalidGrant() throws Exception {
    try (ExecutorServer server =
        ExecutorServer.start(f.executor, List.of(Cidr.parse("127.0.0.0/8")), "127.0.0.1", 0)) {
      String body =
          "{\"packet\":\"sp-grant-v1.x.y.z\",\"tenant\":\"acme\",\"action_id\":\""
              + ACTION
              + "\",\"actor\":\"a\",\"tool\":\"payments.pay_supplier\",\"arguments\":{\"supplier_id\":\"S-1\",\"iban\":\"DE89370400440532013000\",\"amount\":120}}";

      HttpResponse<String> response = post(server, "/v1/execute", body);

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(response.body())
          .contains(ErrorCode.GRANT_REJECTED.type())
          .contains("\"detail\":\"invalid grant\"")
          .doesNotContain("malformed");
      assertThat(f.received).isEmpty();
      assertThat(f.audit.read(ACME, 0, 10).getLast().reason()).isEqualTo("malformed");
    }
  }

  @Test
  void anyOtherAddressIsRefusedBeforeTheRequestIsRead() throws Exception {
    // Only the gateway's address (here one that is not this test's) may call the executor.
    try (ExecutorServer server =
        ExecutorServer.start(f.executor, List.of(Cidr.parse("10.20.0.5/32")), "127.0.0.1", 0)) {
      String packet = f.grant(ACME, ACTION, PAY, PAYMENT, f.erpHost());

      ExecutionOutcome outcome =
          remote(server).execute(f.request(packet, ACME, ACTION, PAY, PAYMENT));

      assertThat(outcome)
          .isEqualTo(
              new ExecutionOutcome.NotSent(
                  ErrorCode.FORBIDDEN, "this address may not call the executor"));
      assertThat(f.received).isEmpty();
      assertThat(f.audit.size(ACME)).isZero();
    }
  }

  @Test
  void anExecutorThatCannotBeReachedIsAnOutcomeNobodyRetries() throws Exception {
    int port;
    try (ExecutorServer server =
        ExecutorServer.start(f.executor, List.of(Cidr.parse("127.0.0.1/32")), "127.0.0.1", 0)) {
      port = server.port();
    }
    RemoteExecutor gone =
        new RemoteExecutor(URI.create("http://127.0.0.1:" + port), client, Duration.ofSeconds(2));

    ExecutionOutcome outcome =
        gone.execute(
            f.request(
                f.grant(ACME, ACTION, PAY, PAYMENT, f.erpHost()), ACME, ACTION, PAY, PAYMENT));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Unavailable.class);
    assertThat(f.received).isEmpty();
  }

  private HttpResponse<String> post(ExecutorServer server, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
