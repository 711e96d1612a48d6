package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.SALLYPORT;
import static dev.sallyport.config.QuickstartFolder.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ConditionCompiler;
import dev.sallyport.secrets.SecretReference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connector's {@code credential:} and the {@code secrets:} block: references are parsed and
 * checked against the tenant's paths at load, and every refusal names file, line and column but
 * never the text, which might be a secret pasted where its reference belongs.
 */
class CredentialsConfigTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String VAULT =
      "secrets:\n  vault:\n    url: https://vault.acme.example:8200\n"
          + "    token: file:/etc/sallyport/vault-token\n";
  private static final String ERP = "    timeout_ms: 5000\n";

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

  private void erpCredential(String yaml) throws IOException {
    quickstart.replace(TENANT, ERP, ERP + "    credential: " + yaml + "\n");
  }

  private ConnectorSettings erp() throws ConfigException {
    return loader.load(quickstart.root()).tenant(ACME).orElseThrow().connectors().get("erp");
  }

  private ConfigException refused() {
    return catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
  }

  @Test
  void withoutASecretsBlockTheDefaultPathsAndSixtySecondLeasesApply() throws Exception {
    SecretsSettings secrets = loader.load(quickstart.root()).secrets();

    assertThat(secrets.vault()).isEmpty();
    assertThat(secrets.leaseTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(secrets.paths().vaultKvPrefix(ACME)).isEqualTo("kv/data/acme/");
  }

  @Test
  void readsVaultSettings() throws Exception {
    quickstart.append(
        SALLYPORT,
        VAULT + "    namespace: tenants/{tenant}\n    timeout_ms: 2000\n  lease_ttl_seconds: 30\n");

    SecretsSettings secrets = loader.load(quickstart.root()).secrets();

    assertThat(secrets.vault().orElseThrow().settings().address())
        .isEqualTo(URI.create("https://vault.acme.example:8200"));
    assertThat(secrets.vault().orElseThrow().settings().namespaceFor(ACME))
        .contains("tenants/acme");
    assertThat(secrets.vault().orElseThrow().token().toString())
        .isEqualTo("file:/etc/sallyport/vault-token");
    assertThat(secrets.leaseTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aPlainReferenceIsABearerToken() throws Exception {
    quickstart.append(SALLYPORT, VAULT);
    erpCredential("vault:kv/data/acme/erp#token");

    CredentialSettings credential = erp().credential().orElseThrow();

    assertThat(credential.secret())
        .isEqualTo(SecretReference.parse("vault:kv/data/acme/erp#token"));
    assertThat(credential.presentation()).isEqualTo(new CredentialSettings.Bearer());
  }

  @Test
  void aCredentialMayGoInAHeaderOfItsOwnOrAsHttpBasic() throws Exception {
    erpCredential("{secret: 'env:SALLYPORT_ACME__ERP_KEY', header: X-Api-Key}");
    assertThat(erp().credential().orElseThrow().presentation())
        .isEqualTo(new CredentialSettings.Header("X-Api-Key"));

    quickstart = QuickstartFolder.copyTo(folder.resolve("basic"));
    erpCredential("{secret: 'file:/etc/sallyport/secrets/acme/erp', username: svc-erp}");
    assertThat(erp().credential().orElseThrow().presentation())
        .isEqualTo(new CredentialSettings.Login("svc-erp"));
  }

  @Test
  void refusesAnotherTenantsSecretAtItsLine() throws Exception {
    quickstart.append(SALLYPORT, VAULT);
    erpCredential("vault:kv/data/globex/erp#token");

    assertThat(refused())
        .hasMessageStartingWith(TENANT + ":")
        .hasMessageContaining("not under tenant 'acme''s paths")
        .hasMessageContaining("kv/data/acme/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "env:ERP_TOKEN",
        "env:SALLYPORT_GLOBEX__ERP_TOKEN",
        "file:/etc/sallyport/secrets/globex/erp",
        "file:/etc/passwd"
      })
  void refusesReferencesOutsideTheTenantsPaths(String reference) throws Exception {
    erpCredential("'" + reference + "'");

    assertThat(refused()).hasMessageContaining("not under tenant 'acme''s paths");
  }

  @Test
  void aPastedSecretIsRefusedWithoutBeingEchoed() throws Exception {
    String pasted = "hvs.CAESIJuSt4-PasTed-TOKEN";
    erpCredential("'" + pasted + "'");

    assertThat(refused())
        .hasMessageContaining("no scheme")
        .hasMessageNotContaining(pasted)
        .hasMessageNotContaining("PasTed");
  }

  @Test
  void aVaultReferenceNeedsVaultSettings() throws Exception {
    erpCredential("vault:kv/data/acme/erp#token");

    assertThat(refused()).hasMessageContaining("needs secrets.vault in sallyport.yaml");
  }

  @Test
  void aDynamicSecretForAConnectorNamesOneField() throws Exception {
    quickstart.append(SALLYPORT, VAULT);
    erpCredential("vault-dynamic:database-acme/creds/erp");

    assertThat(refused()).hasMessageContaining("name the field with #field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Host", "content-length", "Content-Type", "X Api Key", "X-Api-Key:"})
  void refusesHeadersTheConnectorOwnsOrThatAreNotHeaderNames(String header) throws Exception {
    erpCredential("{secret: 'env:SALLYPORT_ACME__ERP_KEY', header: '" + header + "'}");

    assertThat(refused()).hasMessageContaining("header");
  }

  @Test
  void aVaultTokenIsAReferenceNeverTheToken() throws Exception {
    quickstart.append(
        SALLYPORT,
        "secrets:\n  vault:\n    url: https://vault.acme.example:8200\n"
            + "    token: hvs.PASTEDTOKEN123\n");

    assertThat(refused())
        .hasMessageContaining("write file:PATH or env:NAME")
        .hasMessageNotContaining("PASTEDTOKEN");
  }

  @Test
  void refusesPlainHttpToVaultAnywhereButALoopbackLiteral() throws Exception {
    quickstart.append(
        SALLYPORT,
        "secrets:\n  vault:\n    url: http://vault.acme.example:8200\n"
            + "    token: env:VAULT_TOKEN\n");

    assertThat(refused()).hasMessageContaining("must use https");
  }

  @Test
  void refusesUnknownKeys() throws Exception {
    quickstart.append(SALLYPORT, "secrets:\n  vault_url: https://vault.acme.example\n");

    assertThat(refused()).hasMessageStartingWith(SALLYPORT + ":");
  }
}
