package dev.sallyport.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Property: whatever the bytes, {@link JsonRpcCodec#decode} returns a message or an invalid result
 * with a reserved JSON-RPC error code; never throws. A decoded message re-encodes to bytes that
 * decode to the same message.
 *
 * <p>A real fuzzing run:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -o -pl mcp test -Dtest=JsonRpcCodecFuzzTest -Djazzer.max_duration=10m \
 *     -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class JsonRpcCodecFuzzTest {
  private static final JsonRpcCodec CODEC = new JsonRpcCodec(64 * 1024);

  @FuzzTest(maxDuration = "20s")
  void decodesOrRefusesAnyBytes(byte[] body) {
    switch (CODEC.decode(body)) {
      case JsonRpcCodec.Decoded.One one ->
          assertThat(CODEC.decode(CODEC.encode(one.message()))).isEqualTo(one);
      case JsonRpcCodec.Decoded.Invalid invalid -> {
        assertThat(invalid.error().code())
            .isIn(JsonRpcError.PARSE_ERROR, JsonRpcError.INVALID_REQUEST);
        assertThat(invalid.error().message()).doesNotContain("\n");
      }
    }
  }
}
