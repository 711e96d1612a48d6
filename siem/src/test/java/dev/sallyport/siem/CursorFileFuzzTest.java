package dev.sallyport.siem;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.model.TenantId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever bytes a cursor file holds, {@link CursorFile#parse} returns cursors or throws
 * {@link CursorFileException}; and what it accepts is exactly what {@link CursorFile#format} writes
 * for those cursors, so no two files mean the same thing and nothing odd slips through. Any other
 * exception or error is a finding. Seeds are in {@code src/test/resources/dev/sallyport/siem/
 * CursorFileFuzzTestInputs/parsesOrRefusesAnyBytes/}.
 *
 * <p>A real fuzzing run (findings are written as {@code crash-*} or {@code timeout-*} files into
 * the inputs folder, the generated corpus into {@code siem/.cifuzz-corpus}):
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**' ./mvnw -o -pl siem test \
 *     -Dtest=CursorFileFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 *
 * <p>{@code @Timeout} becomes libFuzzer's per-input {@code -timeout}; JUnit's own timeout must be
 * disabled while fuzzing because it would otherwise apply to the whole run (Jazzer issue #930).
 */
class CursorFileFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyBytes(byte[] bytes) {
    Map<TenantId, Long> cursors;
    try {
      cursors = CursorFile.parse(bytes);
    } catch (CursorFileException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(cursors.values()).allMatch(next -> next >= 0);
    assertThat(CursorFile.format(cursors)).isEqualTo(bytes);
  }
}
