package dev.sallyport.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class McpOriginsTest {
  private final McpOrigins origins =
      new McpOrigins(Optional.of(URI.create("https://sallyport.example.com")));

  @Test
  void aRequestWithoutOriginComesFromNoBrowserAndPasses() {
    assertThatCode(() -> origins.check(List.of())).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost",
        "http://localhost:6274",
        "http://LOCALHOST:3000",
        "https://localhost",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://[::1]",
        "https://sallyport.example.com",
        "https://Sallyport.Example.com:443",
      })
  void loopbackOriginsAndTheConsolesOwnOriginPass(String origin) {
    assertThatCode(() -> origins.check(List.of(origin))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.example.com",
        "http://evil.example.com:8080",
        "http://sallyport.example.com",
        "https://sallyport.example.com:8443",
        "https://sallyport.example.com.evil.example",
        "http://localhost.evil.example",
        "http://127.0.0.2",
        "http://[::2]",
        "http://0.0.0.0",
      })
  void otherOriginsAreRefused(String origin) {
    assertThatThrownBy(() -> origins.check(List.of(origin)))
        .isInstanceOf(McpOrigins.RefusedException.class)
        .hasMessage("requests from this Origin are refused");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null",
        "",
        " http://localhost",
        "http://localhost/",
        "http://localhost:3000/path",
        "http://user@localhost",
        "http://localhost:0",
        "http://localhost:65536",
        "http://localhost:",
        "ftp://localhost",
        "file://",
        "http://",
        "http://.localhost",
        "http://local..host",
        "http://[::1",
        "http://localhost?x",
        "http://localhost#x",
        "localhost",
      })
  void whatIsNoOriginIsRefused(String origin) {
    assertThatThrownBy(() -> origins.check(List.of(origin)))
        .isInstanceOf(McpOrigins.RefusedException.class)
        .hasMessage("the Origin is not an origin");
  }

  @Test
  void anOverlongOriginIsRefusedBeforeItIsParsed() {
    String origin = "http://" + "a".repeat(McpOrigins.MAX_LENGTH) + ".localhost";
    assertThatThrownBy(() -> origins.check(List.of(origin)))
        .isInstanceOf(McpOrigins.RefusedException.class)
        .hasMessage("the Origin is not an origin");
  }

  @Test
  void severalOriginHeadersAreRefusedEvenIfEachPasses() {
    assertThatThrownBy(() -> origins.check(List.of("http://localhost", "http://localhost")))
        .isInstanceOf(McpOrigins.RefusedException.class)
        .hasMessage("send at most one Origin");
  }

  @Test
  void withoutAConsoleOnlyLoopbackOriginsPass() {
    McpOrigins noConsole = new McpOrigins(Optional.empty());
    assertThatCode(() -> noConsole.check(List.of("http://127.0.0.1:9"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> noConsole.check(List.of("https://sallyport.example.com")))
        .isInstanceOf(McpOrigins.RefusedException.class);
  }

  @Test
  void aPublicOriginThatIsNoOriginIsAConfigurationError() {
    assertThatThrownBy(() -> new McpOrigins(Optional.of(URI.create("https://x.example/path"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
