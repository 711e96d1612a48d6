package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantPathsTest {
  private final TenantPaths paths = TenantPaths.defaults();

  @ParameterizedTest(name = "{0} owns {1}")
  @CsvSource({
    "acme,      file:/etc/sallyport/secrets/acme/erp-token",
    "acme,      file:/etc/sallyport/secrets/acme/sub/erp-token",
    "acme-corp, file:/etc/sallyport/secrets/acme-corp/erp-token",
    "acme,      env:SALLYPORT_ACME__ERP_TOKEN",
    "acme-corp, env:SALLYPORT_ACME_CORP__ERP_TOKEN",
    "acme,      vault:kv/data/acme/erp#token",
    "acme,      vault:kv/data/acme/team/erp#token",
    "acme,      vault-dynamic:database-acme/creds/readonly",
    "acme-corp, vault-dynamic:database-acme-corp/creds/readonly#password",
  })
  void acceptsReferencesUnderTheTenantsOwnPrefix(String tenant, String reference) {
    assertThatCode(() -> paths.checkOwnedBy(TenantId.of(tenant), SecretReference.parse(reference)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0} may not use {1}")
  @CsvSource({
    "acme, file:/etc/sallyport/secrets/globex/erp-token",
    "acme, file:/etc/sallyport/secrets/acme-corp/erp-token",
    "acme, file:/etc/sallyport/secrets/acme",
    "acme, file:/etc/sallyport/secrets/erp-token",
    "acme, file:/etc/passwd",
    "acme, env:ERP_TOKEN",
    "acme, env:SALLYPORT_GLOBEX__ERP_TOKEN",
    "acme, env:SALLYPORT_ACME_CORP__ERP_TOKEN",
    "acme, env:SALLYPORT_ACME__",
    "acme, env:SALLYPORT_ACME___X",
    "acme, env:SALLYPORT_ACME__X__Y",
    "acme, env:SALLYPORT_ACME__X_",
    "acme, env:SALLYPORT_ACME__erp",
    "acme, env:sallyport_acme__ERP",
    "acme, vault:kv/data/globex/erp#token",
    "acme, vault:kv/data/acme-corp/erp#token",
    "acme, vault:kv/data/acmeish/erp#token",
    "acme, vault:kv2/data/acme/erp#token",
    "acme, vault:secret/data/acme/erp#token",
    "acme, vault-dynamic:database-globex/creds/readonly",
    "acme, vault-dynamic:database-acme-corp/creds/readonly",
    "acme, vault-dynamic:database/creds/acme-readonly",
    "acme, vault-dynamic:sys/leases/lookup",
  })
  void refusesEveryOtherPath(String tenant, String reference) {
    assertThatThrownBy(
            () -> paths.checkOwnedBy(TenantId.of(tenant), SecretReference.parse(reference)))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.FOREIGN_PATH);
              assertThat(e).hasMessageContaining("not under the paths of tenant " + tenant);
            });
  }

  @Test
  void everyEnvironmentVariableHasAtMostOneOwner() {
    // Every tenant id of up to four characters over 'a', 'b' and '-'.
    List<String> ids = new ArrayList<>();
    collect("ab-", new StringBuilder(), 4, ids);
    List<TenantId> tenants =
        ids.stream().filter(id -> id.charAt(0) != '-').map(TenantId::of).toList();
    // Short names of every shape, and names built from each tenant's own prefix with tails that
    // could make it look like another tenant's: where collisions would be.
    List<String> names = new ArrayList<>();
    collect("AB_", new StringBuilder(), 5, names);
    for (TenantId tenant : tenants) {
      String encoded =
          TenantPaths.environmentPrefix(tenant).substring(TenantPaths.ENVIRONMENT_PREFIX.length());
      for (String tail : List.of("X", "X_Y", "_X", "X__Y", "B__X", "_B__X", "__X", "_", "X_")) {
        names.add(encoded + tail);
      }
    }

    int owned = 0;
    for (String suffix : names) {
      String variable = TenantPaths.ENVIRONMENT_PREFIX + suffix;
      SecretReference.InEnvironment reference = new SecretReference.InEnvironment(variable);
      List<TenantId> owners = new ArrayList<>();
      for (TenantId tenant : tenants) {
        try {
          TenantPaths.checkVariableOwnedBy(tenant, reference);
          owners.add(tenant);
        } catch (SecretUnavailableException e) {
          // not this tenant's
        }
      }
      assertThat(owners).as(variable).hasSizeLessThanOrEqualTo(1);
      owned += owners.size();
    }
    assertThat(owned).isPositive();
  }

  private static void collect(String alphabet, StringBuilder prefix, int depth, List<String> out) {
    if (!prefix.isEmpty()) {
      out.add(prefix.toString());
    }
    if (depth == 0) {
      return;
    }
    for (int i = 0; i < alphabet.length(); i++) {
      prefix.append(alphabet.charAt(i));
      collect(alphabet, prefix, depth - 1, out);
      prefix.setLength(prefix.length() - 1);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kv/data/acme/",
        "kv/data/",
        "kv/data/{tenant}",
        "kv/data/{tenant}-x/",
        "database/creds/{tenant}-",
        "kv/{tenant}/data/{tenant}/",
        "/kv/data/{tenant}/",
        "kv/../{tenant}/",
        "kv//{tenant}/",
        "kv/%2e/{tenant}/",
      })
  void refusesTemplatesThatCouldOverlapOrEscape(String template) {
    assertThatThrownBy(() -> new TenantPaths("/srv/{tenant}/", template, "db-{tenant}/creds/"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"srv/{tenant}/", "/srv/{tenant}", "/srv/../{tenant}/", "/srv/x/"})
  void refusesFileFolderTemplatesThatAreNotAbsoluteTenantFolders(String template) {
    assertThatThrownBy(() -> new TenantPaths(template, "kv/data/{tenant}/", "db-{tenant}/creds/"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void substitutesTheTenant() {
    TenantId acme = TenantId.of("acme-corp");

    assertThat(paths.fileFolder(acme)).hasToString("/etc/sallyport/secrets/acme-corp");
    assertThat(paths.vaultKvPrefix(acme)).isEqualTo("kv/data/acme-corp/");
    assertThat(paths.vaultDynamicPrefix(acme)).isEqualTo("database-acme-corp/creds/");
    assertThat(TenantPaths.environmentPrefix(acme)).isEqualTo("SALLYPORT_ACME_CORP__");
  }
}
