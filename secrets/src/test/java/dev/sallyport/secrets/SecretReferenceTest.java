package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.secrets.InvalidSecretReferenceException.Problem;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretReferenceTest {

  @Test
  void parsesEachScheme() {
    assertThat(SecretReference.parse("file:/etc/sallyport/secrets/acme/erp-token"))
        .isEqualTo(new SecretReference.InFile(Path.of("/etc/sallyport/secrets/acme/erp-token")));
    assertThat(SecretReference.parse("env:SALLYPORT_ACME__ERP_TOKEN"))
        .isEqualTo(new SecretReference.InEnvironment("SALLYPORT_ACME__ERP_TOKEN"));
    assertThat(SecretReference.parse("vault:kv/data/acme/erp#token"))
        .isEqualTo(new SecretReference.VaultKv("kv/data/acme/erp", "token"));
    assertThat(SecretReference.parse("vault-dynamic:database-acme/creds/readonly"))
        .isEqualTo(
            new SecretReference.VaultDynamic("database-acme/creds/readonly", Optional.empty()));
    assertThat(SecretReference.parse("vault-dynamic:database-acme/creds/readonly#password"))
        .isEqualTo(
            new SecretReference.VaultDynamic(
                "database-acme/creds/readonly", Optional.of("password")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:/etc/sallyport/secrets/acme/erp-token",
        "file:/a",
        "env:ERP_TOKEN",
        "env:_x1",
        "vault:kv/data/acme/erp#token",
        "vault:secret/team/data/acme/x.y_z-1#api.key",
        "vault-dynamic:database-acme/creds/readonly",
        "vault-dynamic:aws/creds/deploy#secret_key"
      })
  void writesEachReferenceBackExactlyAsParsed(String text) {
    SecretReference reference = SecretReference.parse(text);

    assertThat(reference.toString()).isEqualTo(text);
    assertThat(SecretReference.parse(reference.toString())).isEqualTo(reference);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                   | EMPTY",
        "no-scheme                            | NO_SCHEME",
        "http://vault/x                       | UNKNOWN_SCHEME",
        "ftp:/x                               | UNKNOWN_SCHEME",
        "FILE:/x                              | UNKNOWN_SCHEME",
        "file:relative/path                   | FILE_NOT_ABSOLUTE",
        "file:/etc//x                         | EMPTY_SEGMENT",
        "file:/etc/x/                         | EMPTY_SEGMENT",
        "file:/                               | EMPTY_SEGMENT",
        "file:/etc/sallyport/acme/../globex/t | DOT_SEGMENT",
        "file:/etc/./x                        | DOT_SEGMENT",
        "file:/etc/%2e%2e/x                   | CHARACTER",
        "file:/etc/x%00                       | CHARACTER",
        "file:/etc/x#field                    | FILE_FIELD",
        "file:/etc/x\\y                       | CHARACTER",
        "file:/etc/x y                        | CHARACTER",
        "file:/etc/ü                          | CHARACTER",
        "env:                                 | ENV_NAME",
        "env:1ABC                             | ENV_NAME",
        "env:A-B                              | ENV_NAME",
        "env:A/B                              | ENV_NAME",
        "vault:kv/data/acme/erp               | VAULT_KV_FIELD",
        "vault:kv/data/acme/erp#              | FIELD",
        "vault:kv/data/acme/erp#a#b           | CHARACTER",
        "vault:/kv/data/acme/erp#t            | VAULT_ABSOLUTE",
        "vault:kv/acme/erp#t                  | VAULT_KV_NOT_V2",
        "vault:data/acme#t                    | VAULT_KV_NOT_V2",
        "vault:kv/acme/data#t                 | VAULT_KV_NOT_V2",
        "vault:kv/data/acme/../globex/x#t     | DOT_SEGMENT",
        "vault:kv/data/acme/%2e%2e/globex#t   | CHARACTER",
        "vault:kv/data/acme/x?version=1#t     | CHARACTER",
        "vault:kv/data/acme/x#t:u             | CHARACTER",
        "vault-dynamic:database               | VAULT_DYNAMIC_SHORT",
        "vault-dynamic:database/creds/r#      | FIELD",
        "vault-dynamic:database//r            | EMPTY_SEGMENT",
      })
  void refusesMalformedReferences(String text, Problem problem) {
    InvalidSecretReferenceException e =
        catchThrowableOfType(
            InvalidSecretReferenceException.class, () -> SecretReference.parse(text));

    assertThat(e).isNotNull();
    assertThat(e.problem()).isEqualTo(problem);
  }

  @Test
  void refusesAReferenceLongerThanTheLimit() {
    String text = "file:/" + "a".repeat(SecretReference.MAX_LENGTH);

    assertThatThrownBy(() -> SecretReference.parse(text))
        .isInstanceOfSatisfying(
            InvalidSecretReferenceException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LONG));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sk_live_51HqLyjWDarjtT1zdp7dcBcFkS",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "sk-live:AbCdEf0123456789xyz",
        "vault:kv/data/acme/hunter2hunter2",
        "env:hunter2-hunter2-hunter2",
        "file:/etc/x#hunter2hunter2hunter2",
        "vault:kv/data/acme/x#hunter2 hunter2",
      })
  void errorsNeverEchoTheText(String pastedCredential) {
    InvalidSecretReferenceException e =
        catchThrowableOfType(
            InvalidSecretReferenceException.class, () -> SecretReference.parse(pastedCredential));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("AbCdEf");
    assertThat(e.getMessage())
        .isIn(
            e.problem().description(),
            e.problem().description() + " (character " + (e.position().orElse(-1) + 1) + ")");
  }

  @Test
  void saysWhichCharacterIsWrong() {
    InvalidSecretReferenceException e =
        catchThrowableOfType(
            InvalidSecretReferenceException.class, () -> SecretReference.parse("file:/etc/a%2fb"));

    assertThat(e.position()).hasValue(11);
    assertThat(e.getMessage()).endsWith("(character 12)");
  }

  @Test
  void referencesBuiltDirectlyFollowTheSameGrammar() {
    assertThatThrownBy(() -> new SecretReference.InFile(Path.of("relative")))
        .isInstanceOf(InvalidSecretReferenceException.class);
    assertThatThrownBy(() -> new SecretReference.InFile(Path.of("/a/../b")))
        .isInstanceOf(InvalidSecretReferenceException.class);
    assertThatThrownBy(() -> new SecretReference.InEnvironment("A=B"))
        .isInstanceOf(InvalidSecretReferenceException.class);
    assertThatThrownBy(() -> new SecretReference.VaultKv("kv/acme/x", "t"))
        .isInstanceOf(InvalidSecretReferenceException.class);
    assertThatThrownBy(() -> new SecretReference.VaultDynamic("x", Optional.empty()))
        .isInstanceOf(InvalidSecretReferenceException.class);
  }
}
