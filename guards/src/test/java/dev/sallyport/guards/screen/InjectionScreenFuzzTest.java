package dev.sallyport.guards.screen;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the content, the screen returns a score in [0, 1], a verdict consistent with
 * the thresholds, and evidence spans inside the content; datamarking either wraps the content
 * exactly or quarantines it. Seeds are in {@code
 * src/test/resources/dev/sallyport/guards/screen/InjectionScreenFuzzTestInputs/screensAnyContent/}.
 */
class InjectionScreenFuzzTest {
  private final InjectionScreen screen = InjectionScreen.withDefaults();
  private final DatamarkDelimiter delimiter = new DatamarkDelimiter("fuzzDelimiter0123");

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void screensAnyContent(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    ScreenResult result = screen.screen(text);
    assertThat(result.score()).isBetween(0.0, 1.0);
    assertThat(result.verdict()).isEqualTo(screen.thresholds().verdict(result.score()));
    for (Signal s : result.signals()) {
      assertThat(s.end()).isLessThanOrEqualTo(text.length());
      assertThat(result.flags()).contains(s.flag());
    }
    switch (ContentActions.datamark(text, delimiter)) {
      case ScreenAction.Datamarked marked -> assertThat(marked.text()).contains(text);
      case ScreenAction.Quarantined q -> assertThat(text).contains(delimiter.value());
      case ScreenAction.Annotated a -> throw new AssertionError("datamark never annotates");
    }
  }
}
