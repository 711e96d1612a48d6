package dev.sallyport.gateway.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fetching from an IdP: bounded in size and time, https or loopback only, no redirects. */
class IdpClientTest {
  private final LocalIdp server;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final IdpClient idp = new IdpClient(http, Duration.ofMillis(500), 1024);

  IdpClientTest() throws IOException {
    server = new LocalIdp();
  }

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void readsADocument() throws Exception {
    server.json("/jwks", "{\"keys\":[]}");

    IdpClient.Document document = idp.get(server.url("/jwks"));

    assertThat(document.status()).isEqualTo(200);
    assertThat(new String(document.body(), UTF_8)).isEqualTo("{\"keys\":[]}");
  }

  @Test
  void reportsAnotherStatusWithoutItsBody() throws Exception {
    server.on("/gone", exchange -> LocalIdp.send(exchange, 404, "{\"secret\":1}"));

    IdpClient.Document document = idp.get(server.url("/gone"));

    assertThat(document.status()).isEqualTo(404);
    assertThat(document.body()).isEmpty();
  }

  @Test
  void acceptsABodyOfExactlyTheLimit() throws Exception {
    server.json("/limit", "x".repeat(1024));

    assertThat(idp.get(server.url("/limit")).body()).hasSize(1024);
  }

  @Test
  void refusesADeclaredBodyOverTheLimit() {
    server.json("/big", "x".repeat(1025));

    assertThatThrownBy(() -> idp.get(server.url("/big")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than 1024 bytes");
  }

  @Test
  void refusesAChunkedBodyOverTheLimitWhileReadingIt() {
    server.on(
        "/stream",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 1000; i++) {
              out.write("x".repeat(1000).getBytes(UTF_8));
            }
          } catch (IOException expected) {
            // The client hung up after the limit.
          }
        });

    assertThatThrownBy(() -> idp.get(server.url("/stream")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than 1024 bytes");
  }

  @Test
  void givesUpOnAnIdpThatDoesNotAnswerInTime() {
    server.on(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          LocalIdp.send(exchange, 200, "{}");
        });

    long start = System.nanoTime();
    assertThatThrownBy(() -> idp.get(server.url("/slow"))).isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void givesUpOnABodyThatTrickles() {
    server.on(
        "/trickle",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 30; i++) {
              out.write('x');
              out.flush();
              Thread.sleep(100);
            }
          } catch (IOException | InterruptedException expected) {
            // The client gave up.
          }
        });

    assertThatThrownBy(() -> idp.get(server.url("/trickle")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete answer");
  }

  @Test
  void doesNotFollowRedirects() throws Exception {
    server.on(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().set("Location", "http://idp.evil.example/jwks");
          exchange.sendResponseHeaders(302, -1);
        });

    assertThat(idp.get(server.url("/moved")).status()).isEqualTo(302);
  }

  @Test
  void refusesPlainHttpBeyondLoopbackWithoutConnecting() {
    assertThatThrownBy(() -> idp.get(URI.create("http://idp.example.com/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing to fetch");
  }

  @Test
  void refusesAClientThatFollowsRedirects() {
    try (HttpClient following =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
      assertThatThrownBy(() -> new IdpClient(following))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
