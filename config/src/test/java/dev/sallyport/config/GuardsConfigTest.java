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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code trusted}, {@code consequential_arguments} in tools.yaml; {@code guards} in tenant.yaml.
 */
class GuardsConfigTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String GUARDS =
      "guards:\n  untrusted_results: datamark\n  consequential_write: false\n"
          + "  approvers: [finance-approvers]\n";
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
  void readsTheQuickstartsTrustAndConsequentialArguments() throws Exception {
    TenantConfig acme = acme();

    assertThat(acme.policy().tools().get("directory.list_users").trust().trustedOutput()).isTrue();
    assertThat(acme.policy().tools().get("invoices.list").trust()).isEqualTo(Tool.Trust.UNTRUSTED);
    assertThat(acme.policy().tools().get("payments.pay_supplier").trust())
        .isEqualTo(new Tool.Trust(false, Optional.of(List.of("iban", "amount"))));
    assertThat(acme.guards())
        .isEqualTo(
            new GuardSettings(
                GuardSettings.UntrustedResults.DATAMARK, false, List.of("finance-approvers")));
    assertThat(acme.policy().guardApprovers()).containsExactly("finance-approvers");
  }

  @Test
  void refusesAnUnknownGuardApproverGroup() throws Exception {
    quickstart.replace(TENANT, "approvers: [finance-approvers]", "approvers: [nobody]");

    assertThat(refused()).hasMessageContaining("unknown approver group 'nobody'");
  }

  @Test
  void withoutAGuardsBlockResultsAreDatamarkedAndWritesNotCovered() throws Exception {
    quickstart.replace(TENANT, GUARDS, "");

    assertThat(acme().guards()).isEqualTo(GuardSettings.DEFAULT);
    assertThat(acme().policy().writeIsConsequential()).isFalse();
  }

  @Test
  void readsEveryResultActionAndTheWriteSwitch() throws Exception {
    quickstart.replace(
        TENANT, GUARDS, "guards:\n  untrusted_results: quarantine\n  consequential_write: true\n");

    assertThat(acme().guards())
        .isEqualTo(new GuardSettings(GuardSettings.UntrustedResults.QUARANTINE, true, List.of()));
    assertThat(acme().policy().writeIsConsequential()).isTrue();

    quickstart.replace(TENANT, "untrusted_results: quarantine", "untrusted_results: annotate");
    assertThat(acme().guards().untrustedResults())
        .isEqualTo(GuardSettings.UntrustedResults.ANNOTATE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"untrusted_results: block", "untrusted_results: 1", "unknown: true"})
  void refusesAnUnknownGuardSetting(String line) throws Exception {
    quickstart.replace(TENANT, "untrusted_results: datamark", line);

    assertThat(refused()).hasMessageStartingWith(TENANT + ":");
  }

  @Test
  void refusesAConsequentialArgumentTheSchemaDoesNotName() throws Exception {
    quickstart.replace(
        TOOLS, "consequential_arguments: [iban, amount]", "consequential_arguments: [iban, amout]");

    assertThat(refused()).hasMessageContaining("consequential argument 'amout'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[iban, iban]", "iban", "[1]"})
  void refusesAMalformedConsequentialArgumentList(String value) throws Exception {
    quickstart.replace(
        TOOLS, "consequential_arguments: [iban, amount]", "consequential_arguments: " + value);

    assertThat(refused()).hasMessageStartingWith(TOOLS + ":");
  }

  @Test
  void refusesATrustedFlagThatIsNotABoolean() throws Exception {
    quickstart.replace(TOOLS, "trusted: true ", "trusted: 'yes' ");

    assertThat(refused()).hasMessageStartingWith(TOOLS + ":");
  }
}
