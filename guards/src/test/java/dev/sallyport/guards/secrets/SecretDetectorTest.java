package dev.sallyport.guards.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.guards.pii.EntityType;
import dev.sallyport.guards.pii.Finding;
import dev.sallyport.guards.pii.Findings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretDetectorTest {
  private final SecretDetector detector = SecretDetector.withDefaultRules();

  private List<Finding> scan(String text) {
    Findings findings = new Findings(1_000);
    detector.scan(text, findings);
    return findings.all();
  }

  private List<String> secrets(String text) {
    return scan(text).stream()
        .filter(f -> f.type().equals(EntityType.SECRET))
        .map(f -> f.rule() + ":" + text.substring(f.start(), f.end()))
        .toList();
  }

  // Test values are assembled at run time so that secret scanners do not flag this file.
  private static String token(String prefix, String body) {
    return prefix + body;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "aws-access-key-id | AKIA | Z7QW3ERT5YUI2OPA",
        "github-pat | ghp_ | aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5",
        "slack-bot-token | xoxb- | 123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "stripe-secret-key | sk_live_ | 4eC39HqLyjWDarjtT1zdp7dc",
        "npm-access-token | npm_ | Ab3De5Fg7Hj9Kl1Mn3Pq5Rs7Tu9Vw1Xy3Za5",
        "sendgrid-api-token | SG. | aB3dE5fG7hJ9kL1mN3pQ5r.aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9f",
      })
  void findsVendorTokens(String rule, String prefix, String body) {
    String secret = token(prefix, body);
    assertThat(secrets("export TOKEN=" + secret + "\n")).containsExactly(rule + ":" + secret);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aws_access_key: AKIAIOSFODNN7EXAMPLE", // the documented example key
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // a placeholder
        "xoxb-xoxb-my-bot-token",
        "const privateaiToken = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\";", // no entropy
        "SUMO_ACCESS_KEY=${SUMO_ACCESS_KEY:=$2}", // a variable
        "sumo_access_key   = \"<SUMOLOGIC ACCESS KEY>\"", // a placeholder
        "keyStr = \"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789\"",
        "MantleAPI_version=9a038989604e8da62ecddbe2094b16ce1b778be1", // a version, not a key
        "credentialsId: 'ff083f76-7804-4ef1-80e4-fe975bb9141b'", // an id
        "app.keystore.file=env/cert.p12", // a path
        "-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----", // no body
        "curl -u \"${_username}:${_password}\" https://x", // variables
        "curl -H \"Authorization: Bearer $API_KEY\"",
        "http://assets.example.com/video_box.ico-7a388b69018576d24b59331fd60aab0c.png",
        "export OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...", // elided
      })
  void ignoresLookAlikes(String text) {
    assertThat(secrets(text)).isEmpty();
  }

  @Test
  void findsPrivateKeyBlocks() {
    String pem =
        "-----BEGIN "
            + "PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDAC4AWkdwKYSd8\n"
            + "-----END PRIVATE KEY-----";
    assertThat(scan(pem)).extracting(Finding::rule).containsExactly("private-key");
  }

  @Test
  void findsCredentialsInUrlsAndCurlCommands() {
    assertThat(secrets("http://cafebabe:deadbeef@gems.example.com/"))
        .containsExactly("url-credentials:cafebabe:deadbeef");
    assertThat(secrets("curl --user kevin:'pRf7vG2h1L8nQkW9' -X PATCH"))
        .containsExactly("curl-auth-user:kevin:'pRf7vG2h1L8nQkW9'");
    assertThat(secrets("curl -H \"Authorization: Token 22cb987851bc5659229114c62e60c79abd0d2c08\""))
        .containsExactly("authorization-header:22cb987851bc5659229114c62e60c79abd0d2c08");
  }

  @Test
  void findsSecretNamedAssignmentsWithRandomValues() {
    assertThat(secrets("client_secret = \"q8Zr2LmN5pX7vB1cK9wT4yH6\""))
        .containsExactly("generic-secret:q8Zr2LmN5pX7vB1cK9wT4yH6");
    assertThat(secrets("\"password\": \"Tr0ub4dor&3x\""))
        .containsExactly("generic-password:Tr0ub4dor&3x");
  }

  @Test
  void googleApiKeysArePublishableNotSecret() {
    String key = token("AIza", "SyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE");
    assertThat(scan("key=" + key))
        .extracting(Finding::type)
        .containsExactly(EntityType.PUBLISHABLE_KEY);
  }

  @Test
  void aFloodOfPrefixesCompletesAndFindsNothing() {
    String flood = "key=key=token:ghp_ ghp_ AKIA sk- -----BEGIN curl -u ".repeat(100_000);
    assertThat(secrets(flood)).isEmpty();
  }
}
