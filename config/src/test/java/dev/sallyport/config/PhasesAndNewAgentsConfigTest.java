package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.TENANT;
import static dev.sallyport.config.QuickstartFolder.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Two-phase tools ({@code phases:}), {@code new_agents:} and an agent's {@code since:}. */
class PhasesAndNewAgentsConfigTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String WINDOW = "      window: 5m\n";

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

  private TenantConfig acme() throws ConfigException {
    return loader.load(quickstart.root()).tenant(ACME).orElseThrow();
  }

  private ConfigException refused() {
    return catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
  }

  @Test
  void readsTheQuickstartsTwoPhaseTool() throws Exception {
    Tool tool = acme().policy().tools().get("directory.disable_user");

    assertThat(tool.operation()).isEqualTo(new Tool.Operation("POST", "/users/{user_id}/disable"));
    Tool.Phases phases = tool.phases().orElseThrow();
    assertThat(phases.hard()).isEqualTo(new Tool.Operation("DELETE", "/users/{user_id}"));
    assertThat(phases.reinstate()).isEqualTo(new Tool.Operation("POST", "/users/{user_id}/enable"));
    assertThat(phases.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(tool.hardStepName()).isEqualTo("directory.disable_user.hard");
  }

  @ParameterizedTest
  @CsvSource({"30s, 30", "5m, 300", "2h, 7200", "1d, 86400", "30d, 2592000"})
  void readsAWindow(String text, long seconds) throws Exception {
    quickstart.replace(TOOLS, WINDOW, "      window: " + text + "\n");

    assertThat(
            acme().policy().tools().get("directory.disable_user").phases().orElseThrow().window())
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void theWindowIsFiveMinutesUnlessSaid() throws Exception {
    quickstart.replace(TOOLS, WINDOW, "");

    assertThat(
            acme().policy().tools().get("directory.disable_user").phases().orElseThrow().window())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "5", "5min", "-5m", "31d", "1w", "PT5M", "05m"})
  void refusesAWindowThatIsNotOnePositiveDuration(String text) throws Exception {
    quickstart.replace(TOOLS, WINDOW, "      window: '" + text + "'\n");

    assertThat(refused()).hasMessageStartingWith(TOOLS + ":").hasMessageContaining("window");
  }

  @Test
  void aTwoPhaseToolNeedsAllThreeSteps() throws Exception {
    quickstart.replace(
        TOOLS, "      reinstate: {method: POST, path: \"/users/{user_id}/enable\"}\n", "");

    assertThat(refused()).hasMessageContaining("reinstate");
  }

  @Test
  void aTwoPhaseToolHasNoHttpBlock() throws Exception {
    quickstart.replace(
        TOOLS, "    phases:\n", "    http: {method: POST, path: /users}\n    phases:\n");

    assertThat(refused()).hasMessageContaining("its soft step is phases.soft");
  }

  @Test
  void refusesAToolNamedLikeAStepOfATwoPhaseTool() throws Exception {
    quickstart.append(
        TOOLS,
        "  - name: directory.disable_user.hard\n    connector: directory\n    effect: destructive\n"
            + "    http: {method: DELETE, path: /users}\n");

    assertThat(refused()).hasMessageContaining("has the name of a step of two-phase tool");
  }

  @Test
  void newAgentsRunInDryRunForSevenDaysUnlessSaid() throws Exception {
    quickstart.replace(TENANT, "new_agents:\n  dry_run_for: 7d\n", "");
    assertThat(acme().newAgentDryRun()).isEqualTo(Duration.ofDays(7));

    quickstart.replace(
        TENANT, "mode: enforce\n", "mode: enforce\nnew_agents:\n  dry_run_for: 0d\n");
    assertThat(acme().newAgentDryRun()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"7", "1w", "-1d", "3651d", "168h"})
  void refusesADryRunPeriodThatIsNotWholeDays(String text) throws Exception {
    quickstart.replace(TENANT, "dry_run_for: 7d", "dry_run_for: '" + text + "'");

    assertThat(refused()).hasMessageStartingWith(TENANT + ":").hasMessageContaining("dry_run_for");
  }

  @Test
  void readsWhenAnAgentsDryRunBegan() throws Exception {
    assertThat(acme().agents().get("offboarding-bot").since())
        .contains(Instant.parse("2026-11-02T00:00:00Z"));
  }

  @Test
  void refusesASinceThatIsNotADate() throws Exception {
    quickstart.replace(TENANT, "since: 2026-11-02", "since: last tuesday");

    assertThat(refused()).hasMessageContaining("since must be a date such as 2026-11-20");
  }
}
