package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.SALLYPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ledger.retention} in {@code sallyport.yaml}: whole days from 1d to 36500d, spelled
 * canonically; anything else stops the load at its file, line and column.
 */
class LedgerRetentionConfigTest {
  private static DeploymentLoader loader;

  @TempDir Path folder;
  private QuickstartFolder quickstart;

  @BeforeAll
  static void compileOnce() {
    loader = new DeploymentLoader(new ConditionCompiler());
  }

  @BeforeEach
  void copyQuickstart() throws IOException {
    quickstart = QuickstartFolder.copyTo(folder);
  }

  @Test
  void keepsPayloadsNinetyDaysWhenNothingIsSaid() throws ConfigException {
    assertThat(loader.load(quickstart.root()).ledger().retention()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void anEmptyLedgerBlockMeansTheDefault() throws Exception {
    quickstart.append(SALLYPORT, "ledger: {}\n");

    assertThat(loader.load(quickstart.root()).ledger().retention()).isEqualTo(Duration.ofDays(90));
  }

  @ParameterizedTest
  @CsvSource({"1d, 1", "30d, 30", "90d, 90", "400d, 400", "36500d, 36500"})
  void readsARetentionInDays(String text, long days) throws Exception {
    quickstart.append(SALLYPORT, "ledger:\n  retention: " + text + "\n");

    assertThat(loader.load(quickstart.root()).ledger().retention())
        .isEqualTo(Duration.ofDays(days));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "90days",
        "12h",
        "1w",
        "90D",
        "d",
        "-1d",
        "+1d",
        "090d",
        "1.5d",
        "1e2d",
        "90 d",
        " 90d",
        "９０d",
        "0x5Ad",
        "1_0d",
        "P90D",
        "9999999d",
        "99999999999999999999d",
        "''"
      })
  void refusesARetentionThatIsNotAWholeNumberOfDays(String text) throws IOException {
    quickstart.append(SALLYPORT, "ledger:\n  retention: \"" + text + "\"\n");

    assertRefusedAtRetention()
        .hasMessageContaining("'ledger.retention': retention must be a whole number of days");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0d", "36501d", "100000d"})
  void refusesARetentionOutsideOneDayToOneCentury(String text) throws IOException {
    quickstart.append(SALLYPORT, "ledger:\n  retention: " + text + "\n");

    assertRefusedAtRetention()
        .hasMessageContaining("retention must be between 1d and 36500d, found '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"90", "90.0", "true", "~", "[90d]", "{days: 90}"})
  void refusesARetentionThatIsNotAString(String yaml) throws IOException {
    quickstart.append(SALLYPORT, "ledger:\n  retention: " + yaml + "\n");

    assertRefusedAtRetention().hasMessageContaining("expected a string");
  }

  @Test
  void refusesAnUnknownKeyInTheLedgerBlock() throws IOException {
    quickstart.append(SALLYPORT, "ledger:\n  retention: 90d\n  keep_forever: true\n");

    ConfigException e = refusal();
    assertThat(e.line()).isEqualTo(quickstart.lineOf(SALLYPORT, "keep_forever"));
    assertThat(e).hasMessageContaining("unknown key 'keep_forever' (allowed: retention)");
  }

  @Test
  void refusesALedgerBlockThatIsNotAMapping() throws IOException {
    quickstart.append(SALLYPORT, "ledger: 90d\n");

    ConfigException e = refusal();
    assertThat(e.line()).isEqualTo(quickstart.lineOf(SALLYPORT, "ledger: 90d"));
    assertThat(e).hasMessageContaining("'ledger': expected a mapping, found a string");
  }

  @Test
  void refusesAnEmptyLedgerKey() throws IOException {
    quickstart.append(SALLYPORT, "ledger:\n");

    assertThat(refusal()).hasMessageContaining("'ledger': expected a mapping, found nothing");
  }

  @Test
  void refusesTheRetentionTwice() throws IOException {
    quickstart.append(SALLYPORT, "ledger:\n  retention: 90d\n  retention: 30d\n");

    assertThat(refusal()).hasMessageContaining("duplicate key 'retention'");
  }

  @Test
  void theSettingsRecordRefusesOutOfRangeValuesToo() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> new LedgerSettings(Duration.ofHours(23))))
        .hasMessageContaining("between 1 and 36500 days");
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertRefusedAtRetention() throws IOException {
    ConfigException e = refusal();
    int line = quickstart.lineOf(SALLYPORT, "retention:");
    assertThat(e.file()).isEqualTo(SALLYPORT);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
    return assertThat(e).hasMessageStartingWith(SALLYPORT + ":" + line + ":14: ");
  }

  private ConfigException refusal() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
    assertThat(e).as("the load must fail with a ConfigException").isNotNull();
    return e;
  }
}
