package dev.sallyport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.gateway.ActionRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the body, {@link ActionRequestParser#parse} returns a well-formed {@link
 * ActionRequest} or throws {@link MalformedRequestException}; any other exception or error is a
 * finding. Seeds are in {@code src/test/resources/dev/sallyport/gateway/http/
 * ActionRequestParserFuzzTestInputs/parsesOrRefusesAnyBody/}.
 *
 * <p>A real fuzzing run (findings are written as {@code crash-*} or {@code timeout-*} files into
 * the inputs folder, the generated corpus into {@code gateway/.cifuzz-corpus}):
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**,com.fasterxml.jackson.**' ./mvnw -o -pl gateway test \
 *     -Dtest=ActionRequestParserFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 *
 * <p>{@code @Timeout} becomes libFuzzer's per-input {@code -timeout}; JUnit's own timeout must be
 * disabled while fuzzing because it would otherwise apply to the whole run (Jazzer issue #930).
 */
class ActionRequestParserFuzzTest {
  private final ActionRequestParser parser = new ActionRequestParser(new JsonBodies());

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyBody(byte[] body) {
    ActionRequest request;
    try {
      request = parser.parse(body);
    } catch (MalformedRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(request.tool()).matches("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+");
    assertThat(request.sessionId()).matches("[A-Za-z0-9._:-]{1,128}");
    assertThat(request.arguments()).isNotNull();
  }
}
