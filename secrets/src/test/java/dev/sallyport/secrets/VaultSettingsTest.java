package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultSettingsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://vault.example:8200",
        "https://vault.example",
        "https://vault.example/",
        "https://10.0.0.5:8200",
        "http://127.0.0.1:8200",
        "http://127.0.0.53:8200",
        "http://[::1]:8200"
      })
  void acceptsTlsAnywhereAndPlainHttpOnlyToALoopbackLiteral(String address) {
    assertThatCode(() -> VaultSettings.of(URI.create(address))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8200",
        "http://vault.example:8200",
        "http://10.0.0.5:8200",
        "http://127.0.0.1.nip.io:8200",
        "ftp://vault.example",
        "vault.example:8200",
        "https://user:pass@vault.example",
        "https://vault.example/v1",
        "https://vault.example/?x=1",
        "https://vault.example/#f"
      })
  void refusesEverythingElse(String address) {
    assertThatThrownBy(() -> VaultSettings.of(URI.create(address)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildsEndpointsBelowV1() {
    assertThat(VaultSettings.of(URI.create("https://vault.example:8200/")).endpoint("kv/data/a/b"))
        .hasToString("https://vault.example:8200/v1/kv/data/a/b");
  }

  @Test
  void substitutesTheTenantInTheNamespace() {
    VaultSettings settings =
        VaultSettings.of(URI.create("https://vault.example")).withNamespace("org/{tenant}");

    assertThat(settings.namespaceFor(TenantId.of("acme"))).contains("org/acme");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "a//b", "a b", "a\nb", "{tenant}x{"})
  void refusesMalformedNamespaces(String namespace) {
    VaultSettings settings = VaultSettings.of(URI.create("https://vault.example"));

    assertThatThrownBy(() -> settings.withNamespace(namespace))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boundsTimeoutAndSize() {
    VaultSettings settings = VaultSettings.of(URI.create("https://vault.example"));

    assertThatThrownBy(() -> settings.withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.withTimeout(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.withMaxResponseBytes(100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.withMaxResponseBytes((1 << 20) + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
