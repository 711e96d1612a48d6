package dev.sallyport.guards.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the line, the row parser returns a valid row or throws {@link
 * MalformedRowException} with a message. Seeds are in {@code
 * src/test/resources/dev/sallyport/guards/eval/RowParserFuzzTestInputs/parsesOrRefusesAnyLine/}.
 */
class RowParserFuzzTest {
  private final RowParser parser = new RowParser();

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyLine(byte[] data) {
    LabelledRow row;
    try {
      row = parser.parse(new String(data, StandardCharsets.UTF_8));
    } catch (MalformedRowException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(row.id()).isNotNull();
    assertThat(row.text()).isNotNull();
  }
}
