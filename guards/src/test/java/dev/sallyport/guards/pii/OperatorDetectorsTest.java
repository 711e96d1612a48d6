package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorDetectorsTest {
  private static final EntityType PROJECT = EntityType.named("PROJECT");

  @Test
  void aPatternFindsEveryMatch() {
    PatternDetector detector = new PatternDetector(PROJECT, "PRJ-[0-9]{4}", 0.9);
    assertThat(Scanning.matches(detector, "see PRJ-1234 and PRJ-9876"))
        .containsExactly("PRJ-1234", "PRJ-9876");
  }

  @Test
  void aBadPatternIsRefusedAtLoad() {
    assertThatThrownBy(() -> new PatternDetector(PROJECT, "(unclosed", 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PROJECT");
  }

  @Test
  void backreferencesAreRefusedBecauseRe2jHasNoBacktracking() {
    assertThatThrownBy(() -> new PatternDetector(PROJECT, "(a)\\1", 0.9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCatastrophicPatternForBacktrackersRunsInLinearTime() {
    PatternDetector detector = new PatternDetector(PROJECT, "(a+)+b", 0.9);
    assertThat(Scanning.matches(detector, "a".repeat(200_000) + "c")).isEmpty();
  }

  @Test
  void aWordListMatchesWholeWordsAndPhrasesIgnoringCase() {
    WordListDetector detector = new WordListDetector(PROJECT, List.of("Bluebird", "night owl"));
    assertThat(
            Scanning.matches(detector, "Project BLUEBIRD meets the Night  Owl team; bluebirds fly"))
        .containsExactly("BLUEBIRD", "Night  Owl");
  }

  @Test
  void anEmptyWordListIsRefused() {
    assertThatThrownBy(() -> new WordListDetector(PROJECT, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entityNamesAreValidated() {
    assertThatThrownBy(() -> EntityType.named("lower"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EntityType.named("")).isInstanceOf(IllegalArgumentException.class);
  }
}
