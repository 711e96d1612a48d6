package dev.sallyport.mcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRpcCodecTest {
  private final JsonRpcCodec codec = new JsonRpcCodec(1024);

  private JsonRpcCodec.Decoded decode(String body) {
    return codec.decode(body.getBytes(UTF_8));
  }

  @Test
  void readsARequestWithItsIdParamsAndProgressToken() {
    JsonRpcCodec.Decoded decoded =
        decode(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"a.b\",\"_meta\":{\"progressToken\":\"p1\"}}}");
    assertThat(decoded).isInstanceOf(JsonRpcCodec.Decoded.One.class);
    JsonRpcMessage.Request request =
        (JsonRpcMessage.Request) ((JsonRpcCodec.Decoded.One) decoded).message();
    assertThat(request.id()).isEqualTo(JsonRpcId.of(7));
    assertThat(request.method()).isEqualTo("tools/call");
    assertThat(request.params()).containsEntry("name", "a.b");
    assertThat(request.progressToken()).contains("p1");
  }

  @Test
  void readsNotificationsResponsesAndErrors() {
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
        .isEqualTo(
            new JsonRpcCodec.Decoded.One(
                new JsonRpcMessage.Notification("notifications/initialized", Map.of())));
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}"))
        .isEqualTo(
            new JsonRpcCodec.Decoded.One(new JsonRpcMessage.Response(JsonRpcId.of("x"), Map.of())));
    assertThat(
            decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no\"}}"))
        .isEqualTo(
            new JsonRpcCodec.Decoded.One(
                JsonRpcMessage.ErrorResponse.to(JsonRpcId.of(1), -32601, "no")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON                 | {\"jsonrpc\":                                   | -32700",
        "empty                    | ''                                              | -32700",
        "trailing content         | {\"jsonrpc\":\"2.0\",\"method\":\"ping\"} x     | -32700",
        "duplicate key            | {\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"} | -32700",
        "integer beyond 64 bits   | {\"jsonrpc\":\"2.0\",\"id\":99999999999999999999,\"method\":\"ping\"} | -32700",
        "batch                    | [{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}] | -32600",
        "empty batch              | []                                              | -32600",
        "scalar                   | 42                                              | -32600",
        "no version               | {\"id\":1,\"method\":\"ping\"}                  | -32600",
        "version 1                | {\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"} | -32600",
        "null id                  | {\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"} | -32600",
        "fractional id            | {\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"} | -32600",
        "object id                | {\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"} | -32600",
        "method not a string      | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}     | -32600",
        "empty method             | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}  | -32600",
        "params array             | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[]} | -32600",
        "unknown member           | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":1} | -32600",
        "request with result      | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}} | -32600",
        "neither                  | {\"jsonrpc\":\"2.0\",\"id\":1}                  | -32600",
        "result and error         | {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}} | -32600",
        "result without id        | {\"jsonrpc\":\"2.0\",\"result\":{}}             | -32600",
        "error without code       | {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"m\"}} | -32600",
      })
  void refusesWhatIsNotOneWellFormedMessage(String name, String body, int code) {
    JsonRpcCodec.Decoded decoded = decode(body);
    assertThat(decoded).isInstanceOf(JsonRpcCodec.Decoded.Invalid.class);
    assertThat(((JsonRpcCodec.Decoded.Invalid) decoded).error().code()).isEqualTo(code);
  }

  @Test
  void keepsTheIdOfAnInvalidRequestWhenItCouldBeRead() {
    JsonRpcCodec.Decoded decoded =
        decode("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"ping\",\"params\":[1]}");
    assertThat(((JsonRpcCodec.Decoded.Invalid) decoded).id()).contains(JsonRpcId.of("abc"));
  }

  @Test
  void refusesAnOversizeBodyUnparsed() {
    String big =
        "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(2000) + "\"}}";
    JsonRpcCodec.Decoded decoded = decode(big);
    assertThat(((JsonRpcCodec.Decoded.Invalid) decoded).error().message()).contains("larger than");
  }

  @Test
  void refusesDeepNesting() {
    String deep = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"x\":" + "[".repeat(100);
    assertThat(decode(deep)).isInstanceOf(JsonRpcCodec.Decoded.Invalid.class);
  }

  @Test
  void anErrorMessageNeverEchoesControlCharacters() {
    JsonRpcCodec.Decoded decoded =
        decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"a\\nb\":1}");
    assertThat(((JsonRpcCodec.Decoded.Invalid) decoded).error().message())
        .doesNotContain("\n")
        .contains("a?b");
  }

  @Test
  void writesWhatItReads() {
    JsonRpcMessage request =
        new JsonRpcMessage.Request(JsonRpcId.of(3), "tools/list", Map.of("cursor", "c"));
    assertThat(codec.decode(codec.encode(request)))
        .isEqualTo(new JsonRpcCodec.Decoded.One(request));
    JsonRpcMessage error =
        new JsonRpcMessage.ErrorResponse(
            Optional.empty(), new JsonRpcError(JsonRpcError.PARSE_ERROR, "bad"));
    assertThat(new String(codec.encode(error), UTF_8))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"bad\"}}");
  }

  @Test
  void negotiatesTheClientsRevisionWhenSupportedElseTheNewest() {
    assertThat(ProtocolVersions.negotiate(Optional.of("2025-06-18"))).isEqualTo("2025-06-18");
    assertThat(ProtocolVersions.negotiate(Optional.of("2024-11-05"))).isEqualTo("2025-11-25");
    assertThat(ProtocolVersions.negotiate(Optional.empty())).isEqualTo("2025-11-25");
  }
}
