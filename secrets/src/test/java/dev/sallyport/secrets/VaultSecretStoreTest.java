package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VaultSecretStoreTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final SecretReference KV = SecretReference.parse("vault:kv/data/acme/erp#token");
  private static final SecretReference DYNAMIC =
      SecretReference.parse("vault-dynamic:database-acme/creds/readonly");
  private static final Map<String, String> ENVIRONMENT = Map.of("VAULT_TOKEN", TestingVault.TOKEN);

  private final TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private TestingVault vault;
  private VaultSecretStore store;

  @BeforeEach
  void setUp() throws IOException {
    vault = new TestingVault(clock);
    Map<String, Object> erp = new LinkedHashMap<>();
    erp.put("token", "erp-s3cret");
    erp.put("port", 5432);
    erp.put("nested", null);
    vault.putKv("kv/data/acme/erp", erp);
    vault.putRole(
        "database-acme/creds/readonly",
        new TestingVault.Role(
            Map.of("username", "v-acme-readonly-x1", "password", "A1a-dyn-pass"),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            true));
    vault.putRole(
        "database-acme/creds/once",
        new TestingVault.Role(
            Map.of("username", "v-once", "password", "once-pass"),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            false));
    store = storeWith(VaultSettings.of(vault.address()).withTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void tearDown() {
    store.close();
    vault.close();
  }

  @Test
  void readsOneFieldOfAKvVersion2Secret() throws Exception {
    StoreLease lease = store.lease(ACME, KV, TTL);

    assertThat(lease.fields()).containsOnlyKeys("token");
    assertThat(lease.fields().get("token").revealChars()).isEqualTo("erp-s3cret".toCharArray());
    assertThat(lease.storeLeaseId()).isEmpty();
    assertThat(lease.duration()).isZero();
    assertThat(vault.received())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.method()).isEqualTo("GET");
          assertThat(r.apiPath()).isEqualTo("kv/data/acme/erp");
          assertThat(r.tokenValid()).isTrue();
          assertThat(r.namespace()).isEmpty();
        });
  }

  @Test
  void sendsTheTenantsNamespace() throws Exception {
    store.close();
    store = storeWith(VaultSettings.of(vault.address()).withNamespace("tenants/{tenant}"));

    store.lease(ACME, KV, TTL);

    assertThat(vault.received().getFirst().namespace()).contains("tenants/acme");
  }

  @Test
  void aMissingSecretIsNotFound() {
    assertRefused(
        SecretReference.parse("vault:kv/data/acme/none#token"),
        Reason.NOT_FOUND,
        "Vault answered HTTP 404");
  }

  @Test
  void aDeletedVersionIsNotFound() {
    vault.deleteKv("kv/data/acme/erp");

    assertRefused(KV, Reason.NOT_FOUND, "Vault answered HTTP 404");
  }

  @Test
  void aMissingFieldIsNotFound() {
    assertRefused(
        SecretReference.parse("vault:kv/data/acme/erp#password"),
        Reason.NOT_FOUND,
        "the secret has no such field");
  }

  @Test
  void aFieldThatIsNotAStringIsMalformed() {
    assertRefused(
        SecretReference.parse("vault:kv/data/acme/erp#port"),
        Reason.MALFORMED,
        "the field is not a string");
    assertRefused(
        SecretReference.parse("vault:kv/data/acme/erp#nested"),
        Reason.MALFORMED,
        "the field is not a string");
  }

  @Test
  void aWrongTokenIsDenied() {
    store.close();
    store =
        new VaultSecretStore(
            VaultSettings.of(vault.address()),
            VaultToken.fromEnvironment(Map.of("VAULT_TOKEN", "hvs.wrong"), "VAULT_TOKEN"),
            TenantPaths.defaults(),
            java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build());

    assertRefused(KV, Reason.DENIED, "Vault answered HTTP 403");
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, UNAVAILABLE",
    "401, DENIED",
    "403, DENIED",
    "404, NOT_FOUND",
    "429, UNAVAILABLE",
    "500, UNAVAILABLE",
    "502, UNAVAILABLE",
    "503, UNAVAILABLE",
    "307, UNAVAILABLE",
  })
  void everyStatusButSuccessFailsClosed(int status, Reason reason) {
    vault.failNext("kv/", status, "{\"errors\":[\"something\"]}");

    assertRefused(KV, reason, "Vault answered HTTP " + status);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "{",
        "[]",
        "null",
        "\"data\"",
        "{\"data\":{\"data\":{\"token\":\"x\"}}} trailing",
        "{\"data\":{\"data\":{\"token\":\"x\"}}}{}",
        "{\"data\":{\"data\":{\"token\":\"x\",\"token\":\"y\"}}}",
        "{\"data\":{\"data\":{\"token\":\"x\"}},\"data\":{}}",
        "{\"data\":[]}",
        "{\"data\":{\"data\":\"token\"}}",
        "{\"data\":{\"data\":{\"token\":\"\"}}}",
        "{\"data\":{\"data\":{\"token\":\"\\ud800\"}}}",
        "{\"data\":{\"data\":{\"token\":x}}}",
      })
  void garbageIsMalformedOrNotFound(String body) {
    vault.failNext("kv/", 200, body);

    assertThatThrownBy(() -> store.lease(ACME, KV, TTL))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isIn(Reason.MALFORMED, Reason.NOT_FOUND);
              assertThat(e).hasMessageContaining("Vault answered HTTP 200 but");
              assertThat(e.getCause()).isNull();
            });
  }

  @Test
  void refusesAnAnswerLargerThanTheLimit() {
    byte[] large = new byte[VaultSettings.DEFAULT_MAX_RESPONSE_BYTES + 1];
    Arrays.fill(large, (byte) ' ');
    byte[] json = "{\"data\":{\"data\":{\"token\":\"x\"}}}".getBytes(UTF_8);
    System.arraycopy(json, 0, large, 0, json.length);
    vault.failNext("kv/", 200, large);

    assertRefused(KV, Reason.MALFORMED, "larger than 65536 bytes");
  }

  @Test
  void anAnswerAtTheLimitIsRead() throws Exception {
    byte[] exact = new byte[VaultSettings.DEFAULT_MAX_RESPONSE_BYTES];
    Arrays.fill(exact, (byte) ' ');
    byte[] json = "{\"data\":{\"data\":{\"token\":\"x\"}}}".getBytes(UTF_8);
    System.arraycopy(json, 0, exact, 0, json.length);
    vault.failNext("kv/", 200, exact);

    assertThat(store.lease(ACME, KV, TTL).fields().get("token").revealChars()).containsExactly('x');
  }

  @Test
  void aVaultThatDoesNotAnswerTimesOut() {
    store.close();
    store = storeWith(VaultSettings.of(vault.address()).withTimeout(Duration.ofMillis(300)));
    vault.hangNext("kv/");

    assertRefused(KV, Reason.TIMEOUT, "Vault did not answer within PT0.3S");
  }

  @Test
  void anUnreachableVaultIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    store.close();
    store = storeWith(VaultSettings.of(URI.create("http://127.0.0.1:" + port)));

    assertRefused(KV, Reason.UNAVAILABLE, "Vault could not be reached");
  }

  @Test
  void refusesAnotherTenantsPathWithoutAskingVault() {
    assertRefused(
        SecretReference.parse("vault:kv/data/globex/erp#token"),
        Reason.FOREIGN_PATH,
        "not under the paths of tenant acme");
    assertRefused(
        SecretReference.parse("vault-dynamic:database-globex/creds/readonly"),
        Reason.FOREIGN_PATH,
        "not under the paths of tenant acme");

    assertThat(vault.received()).isEmpty();
  }

  @Test
  void issuesADynamicSecretWithAllItsFieldsAndRevokesItAtVault() throws Exception {
    StoreLease lease = store.lease(ACME, DYNAMIC, TTL);

    assertThat(lease.fields()).containsOnlyKeys("username", "password");
    assertThat(lease.fields().get("password").revealChars())
        .isEqualTo("A1a-dyn-pass".toCharArray());
    assertThat(lease.duration()).isEqualTo(Duration.ofMinutes(10));
    String leaseId = lease.storeLeaseId().orElseThrow();
    assertThat(leaseId).startsWith("database-acme/creds/readonly/");
    assertThat(vault.activeLeases()).containsOnlyKeys(leaseId);

    lease.revoke();

    assertThat(vault.revokedLeases()).containsExactly(leaseId);
    assertThat(vault.activeLeases()).isEmpty();
  }

  @Test
  void aDynamicAnswerWithoutTheRequestedFieldIsRevokedAtOnce() {
    assertRefused(
        SecretReference.parse("vault-dynamic:database-acme/creds/readonly#token"),
        Reason.NOT_FOUND,
        "the secret has no such field");

    assertThat(vault.issued()).isEqualTo(1);
    assertThat(vault.activeLeases()).isEmpty();
    assertThat(vault.revokedLeases()).hasSize(1);
  }

  @Test
  void aDynamicAnswerThatBreaksAfterTheLeaseIdIsRevokedAtOnce() throws Exception {
    vault.failNext(
        "database-acme/",
        200,
        "{\"lease_id\":\"database-acme/creds/readonly/abc\",\"lease_duration\":-1,"
            + "\"data\":{\"password\":\"p\"}}");

    assertRefused(DYNAMIC, Reason.MALFORMED, "lease_duration");

    assertThat(vault.received())
        .anySatisfy(r -> assertThat(r.apiPath()).isEqualTo("sys/leases/revoke"));
  }

  @Test
  void aDynamicAnswerWithoutALeaseIsRefused() {
    vault.failNext("database-acme/", 200, "{\"lease_duration\":60,\"data\":{\"password\":\"p\"}}");

    assertRefused(DYNAMIC, Reason.MALFORMED, "no lease_id");
  }

  @Test
  void renewsAtVault() throws Exception {
    StoreLease lease = store.lease(ACME, DYNAMIC, TTL);

    assertThat(lease.renew(Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
    assertThat(lease.renew(Duration.ofHours(5))).isEqualTo(Duration.ofHours(1));

    assertThat(vault.renewedLeases()).hasSize(2);
  }

  @Test
  void aNonRenewableLeaseIsNotRenewed() throws Exception {
    StoreLease lease =
        store.lease(ACME, SecretReference.parse("vault-dynamic:database-acme/creds/once"), TTL);

    assertThatThrownBy(() -> lease.renew(Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_RENEWABLE));
    assertThat(vault.renewedLeases()).isEmpty();
  }

  @Test
  void aRevocationVaultRefusesIsReported() throws Exception {
    StoreLease lease = store.lease(ACME, DYNAMIC, TTL);
    vault.failNext("sys/leases/revoke", 500, "{\"errors\":[\"internal\"]}");

    assertThatThrownBy(lease::revoke)
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
              assertThat(e).hasMessageContaining("Vault answered HTTP 500");
            });
    assertThat(vault.activeLeases()).hasSize(1);
  }

  @Test
  void readsTheTokenFileAtEveryRequest(@TempDir Path folder) throws Exception {
    Path tokenFile = folder.resolve("token");
    Files.writeString(tokenFile, TestingVault.TOKEN + "\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    store.close();
    store =
        VaultSecretStore.create(
            VaultSettings.of(vault.address()),
            VaultToken.fromReference("file:" + tokenFile, Map.of()),
            TenantPaths.defaults());
    store.lease(ACME, KV, TTL);

    Files.writeString(tokenFile, "hvs.rotated-elsewhere\n");

    assertRefused(KV, Reason.DENIED, "Vault answered HTTP 403");
  }

  @Test
  void aMissingTokenIsUnavailableWithoutAnyRequest() {
    store.close();
    store =
        VaultSecretStore.create(
            VaultSettings.of(vault.address()),
            VaultToken.fromEnvironment(Map.of(), "VAULT_TOKEN"),
            TenantPaths.defaults());

    assertRefused(KV, Reason.UNAVAILABLE, "the Vault token is unavailable");
    assertThat(vault.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hvs.abc\r\nX-Injected: 1", "hvs.abc def", "hvs.\u00e9"})
  void refusesATokenThatIsNotAHeaderValue(String token) {
    store.close();
    store =
        VaultSecretStore.create(
            VaultSettings.of(vault.address()),
            VaultToken.fromEnvironment(Map.of("VAULT_TOKEN", token), "VAULT_TOKEN"),
            TenantPaths.defaults());

    assertRefused(KV, Reason.UNAVAILABLE, "the Vault token is not a valid header value");
    assertThat(vault.received()).isEmpty();
  }

  @Test
  void refusesAClientThatFollowsRedirects() {
    assertThatThrownBy(() ->
            new VaultSecretStore(
                VaultSettings.of(vault.address()),
                () -> Secret.copyOf("t".toCharArray()),
                TenantPaths.defaults(),
                java.net.http.HttpClient.newBuilder()
                    .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
                    .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redirects");
  }

  @Test
  void servesOnlyVaultReferences() {
    assertRefused(
        SecretReference.parse("env:SALLYPORT_ACME__X"),
        Reason.NOT_CONFIGURED,
        "serves vault: and vault-dynamic: references only");
    assertThat(store.schemes())
        .containsExactlyInAnyOrder(
            SecretReference.Scheme.VAULT, SecretReference.Scheme.VAULT_DYNAMIC);
    assertThat(Optional.of(store.toString())).contains("VaultSecretStore[" + vault.address() + "]");
  }

  private VaultSecretStore storeWith(VaultSettings settings) {
    return VaultSecretStore.create(
        settings, VaultToken.fromEnvironment(ENVIRONMENT, "VAULT_TOKEN"), TenantPaths.defaults());
  }

  private void assertRefused(SecretReference reference, Reason reason, String detail) {
    assertThatThrownBy(() -> store.lease(ACME, reference, TTL))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.reference()).isEqualTo(reference);
              assertThat(e).hasMessageStartingWith("secret " + reference + " unavailable: ");
              assertThat(e).hasMessageContaining(detail);
              assertThat(e.getCause()).isNull();
            });
  }
}
