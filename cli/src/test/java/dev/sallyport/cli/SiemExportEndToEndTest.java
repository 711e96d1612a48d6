package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sallyport.config.Deployment;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.Eventually;
import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export as {@code serve} runs it: with one sink that works, one that hangs and one that cannot
 * be reached, every decision is still answered, the working sink gets every event, and the server
 * still stops.
 */
class SiemExportEndToEndTest {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path temp;

  @Test
  void decisionsGoOnWhileOneSinkHangsAndAnotherIsUnreachable() throws Exception {
    Path events = temp.resolve("events.jsonl");
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    CountDownLatch never = new CountDownLatch(1);
    HttpServer hanging =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hanging.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    hanging.createContext(
        "/ingest",
        exchange -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    hanging.start();
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    Files.writeString(
        config.resolve("sallyport.yaml"),
        Files.readString(config.resolve("sallyport.yaml"))
            + "siem:\n"
            + "  - {name: soc-jsonl, type: jsonl, path: '"
            + events
            + "'}\n"
            + "  - {name: soc-webhook, type: webhook, url: 'http://127.0.0.1:"
            + hanging.getAddress().getPort()
            + "/ingest', max_wait: 0s, timeout: 5m}\n"
            + "  - {name: soc-syslog, type: syslog, transport: tcp, host: 127.0.0.1, port: "
            + closedPort
            + "}\n");
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

    long logSize;
    try (EmbeddedGateway gateway = EmbeddedGateway.start(deployment, data, "127.0.0.1", 0);
        HttpClient http = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + gateway.port();
      List<Future<Integer>> answers = new ArrayList<>();
      try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 40; i++) {
          answers.add(callers.submit(() -> decide(http, base, token)));
        }
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(200);
      }
      logSize = gateway.audit().size(ACME);
      assertThat(logSize).isGreaterThanOrEqualTo(41);

      Eventually.until("every event is in the JSON Lines file", () -> lines(events) == logSize);
      // The unreachable syslog sink is marked unhealthy on its next failed round, which may come
      // after the JSON Lines sink has caught up: wait for both rather than race them.
      Eventually.until(
          "the JSON Lines sink has no lag and the syslog sink is unhealthy",
          () -> {
            String metrics = scrape(http, base);
            return metrics.contains("sallyport_siem_lag{sink=\"soc-jsonl\"} 0.0")
                && metrics.contains("sallyport_siem_healthy{sink=\"soc-syslog\"} 0.0");
          });
    } finally {
      never.countDown();
      hanging.stop(0);
    }

    Run status = run("siem", "status", "--config", config.toString(), "--data", data.toString());
    assertThat(status.exit()).isZero();
    assertThat(status.out())
        .contains("soc-jsonl acme next=" + logSize + " size=" + logSize + " lag=0")
        .contains("soc-webhook acme next=0 size=" + logSize + " lag=" + logSize)
        .contains("soc-syslog acme next=0");
  }

  @Test
  void serveRefusesToStartAWebhookWhoseSecretIsMissing() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    Files.writeString(
        config.resolve("sallyport.yaml"),
        Files.readString(config.resolve("sallyport.yaml"))
            + "siem:\n"
            + "  - {name: soc-webhook, type: webhook, url: 'https://siem.example/ingest',"
            + " secret_env: SALLYPORT_TEST_SECRET_THAT_IS_NEVER_SET}\n");
    DevelopmentIssuer.initialise(Loading.deployment(config));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit =
          Main.run(
              "serve",
              "--config",
              config.toString(),
              "--data",
              temp.resolve("data").toString(),
              "--port",
              "0");
    } finally {
      System.setErr(original);
    }

    assertThat(exit).isEqualTo(2);
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains(
            "siem export refused: siem sink soc-webhook: the webhook secret variable"
                + " SALLYPORT_TEST_SECRET_THAT_IS_NEVER_SET is not set");
  }

  private static int decide(HttpClient http, String base, String token)
      throws IOException, InterruptedException {
    String body =
        "{\"tool\":\"invoices.list\",\"arguments\":{\"status\":\"open\"},\"session_id\":\"siem-1\"}";
    return http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/decisions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static long lines(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  private static String scrape(HttpClient http, String base) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      return new Run(Main.run(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
