package dev.sallyport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.gateway.guard.ProvenanceExtractor;
import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.GuardLimits;
import dev.sallyport.guards.pii.PiiScanner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the body of {@code POST /v1/sessions/{id}/task}, {@link TaskRequestParser}
 * returns a non-blank task of at most {@link TaskRequestParser#MAX_TASK_CHARS} characters or throws
 * {@link MalformedRequestException}, and the accepted task's values are extracted without error and
 * within {@link ProvenanceExtractor#MAX_VALUES}. Seeds are in {@code
 * src/test/resources/dev/sallyport/gateway/http/TaskRequestParserFuzzTestInputs/}. A real run:
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**,com.fasterxml.jackson.**' ./mvnw -o -pl gateway test \
 *     -Dtest=TaskRequestParserFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
class TaskRequestParserFuzzTest {
  private final TaskRequestParser parser = new TaskRequestParser(new JsonBodies());
  private final ProvenanceExtractor extractor =
      new ProvenanceExtractor(
          new PiiScanner(
              BuiltInDetectors.identifiers(),
              GuardLimits.defaults(),
              BuiltInDetectors.DEFAULT_MIN_CONFIDENCE));

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyTask(byte[] body) {
    String task;
    try {
      task = parser.parse(body);
    } catch (MalformedRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(task).isNotBlank().hasSizeLessThanOrEqualTo(TaskRequestParser.MAX_TASK_CHARS);
    assertThat(extractor.fromText(task)).hasSizeLessThanOrEqualTo(ProvenanceExtractor.MAX_VALUES);
  }
}
