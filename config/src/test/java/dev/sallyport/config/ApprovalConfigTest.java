package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.SALLYPORT;
import static dev.sallyport.config.QuickstartFolder.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Approver groups' quorum and separation of duties, the tenant's approval timeout and notification
 * channels, and the {@code console:} block: defaults, and each malformation stopping the load at
 * its file, line and column.
 */
class ApprovalConfigTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String CONSOLE =
      """
      console:
        issuer: https://sallyport.local/dev-issuer
        client_id: sallyport-console
        client_secret_env: CONSOLE_SECRET
        public_origin: https://sallyport.acme.example
      """;

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

  private ConfigException refusal() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
    assertThat(e).as("the load is refused").isNotNull();
    return e;
  }

  @Test
  void withoutSettingsOneApprovalOfAnyMemberWaitsFifteenMinutesAndNobodyIsNotified()
      throws Exception {
    Deployment deployment = loader.load(quickstart.root());
    TenantConfig acme = deployment.tenant(ACME).orElseThrow();

    assertThat(deployment.console()).isEmpty();
    assertThat(acme.approvals().notifications()).isEqualTo(NotificationSettings.NONE);
    assertThat(acme.approvals().timeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(acme.approverGroups().get("it-approvers"))
        .isEqualTo(
            new ApproverGroup(
                "it-approvers", List.of("it-admins"), List.of("ciso@acme.example"), 1, false));
  }

  @Test
  void readsQuorumSeparationTimeoutNotificationsAndTheConsole() throws Exception {
    quickstart.replace(TENANT, "  finance-approvers:\n", "  finance-approvers:\n    quorum: 2\n");
    quickstart.replace(TENANT, "  timeout: 15m\n", "  timeout: 2h\n");
    quickstart.append(
        TENANT,
        """
        notifications:
          slack:
            webhook_url_env: ACME_SLACK_WEBHOOK
          email:
            host: smtp.acme.example
            from: sallyport@acme.example
          webhook:
            url: https://hooks.acme.example/sallyport
            secret_file: secrets/webhook.key
        """);
    quickstart.append(SALLYPORT, CONSOLE + "  scopes: [profile, email]\n");

    Deployment deployment = loader.load(quickstart.root());
    TenantConfig acme = deployment.tenant(ACME).orElseThrow();

    assertThat(acme.approverGroups().get("finance-approvers"))
        .isEqualTo(
            new ApproverGroup("finance-approvers", List.of("finance-leads"), List.of(), 2, true));
    assertThat(acme.approvals())
        .isEqualTo(
            new ApprovalSettings(
                Duration.ofHours(2),
                new NotificationSettings(
                    Optional.of(
                        new NotificationSettings.Slack(
                            new SecretReference.Environment("ACME_SLACK_WEBHOOK"))),
                    Optional.of(
                        new NotificationSettings.Email(
                            "smtp.acme.example", 587, "sallyport@acme.example", true)),
                    Optional.of(
                        new NotificationSettings.Webhook(
                            URI.create("https://hooks.acme.example/sallyport"),
                            new SecretReference.File(
                                quickstart.root().resolve("secrets/webhook.key")))))));
    assertThat(deployment.console())
        .contains(
            new ConsoleConfig(
                URI.create("https://sallyport.local/dev-issuer"),
                "sallyport-console",
                Optional.of(new SecretReference.Environment("CONSOLE_SECRET")),
                URI.create("https://sallyport.acme.example"),
                List.of("profile", "email"),
                Duration.ofHours(8)));
    assertThat(deployment.console().orElseThrow().secureCookies()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "quorum zero | 'quorum: 0' | quorum must be between 1 and 100",
        "quorum as text | 'quorum: two' | ",
        "quorum above the named users | 'quorum: 2' | quorum 2 is more than the group's 1 named"
            + " users",
        "separation as text | 'separation_of_duties: maybe' | ",
        "unknown key | 'quorom: 2' | unknown key 'quorom'"
      })
  void refusesAMalformedApproverGroupAtItsLine(String what, String line, String message)
      throws IOException {
    quickstart.replace(
        TENANT,
        "    users: [ciso@acme.example]\n",
        "    users: [ciso@acme.example]\n    " + line + "\n");
    quickstart.replace(TENANT, "    groups: [it-admins]\n", "");

    ConfigException e = refusal();

    assertThat(e.file()).as(what).isEqualTo(TENANT);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(quickstart.lineOf(TENANT, line));
    if (message != null) {
      assertThat(e).hasMessageContaining(message);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "timeout without a unit | 'approvals: {timeout: 15}' | timeout must be a duration such as"
            + " 90s, 15m, 2h or 1d",
        "timeout too short | 'approvals: {timeout: 30s}' | timeout must be between 1m and 7d",
        "timeout too long | 'approvals: {timeout: 8d}' | timeout must be between 1m and 7d",
        "unknown notifications key | 'notifications: {wait: 5m}' | unknown key 'wait'",
        "slack url inline | 'notifications: {slack: {webhook_url: \"https://hooks.slack.com/x\"}}'"
            + " | unknown key 'webhook_url'",
        "slack without a reference | 'notifications: {slack: {}}' | exactly one of"
            + " 'webhook_url_env' and 'webhook_url_file' must be set",
        "two webhook secrets | 'notifications: {webhook: {url: \"https://h.example/x\","
            + " secret_env: A, secret_file: b}}' | exactly one of 'secret_env' and 'secret_file'",
        "webhook secret inline | 'notifications: {webhook: {url: \"https://h.example/x\","
            + " secret: abc}}' | unknown key 'secret'",
        "webhook over http | 'notifications: {webhook: {url: \"http://h.example/x\","
            + " secret_env: A}}' | url must be https",
        "bad variable | 'notifications: {webhook: {url: \"https://h.example/x\","
            + " secret_env: \"1X\"}}' | an environment variable name is letters",
        "email port zero | 'notifications: {email: {host: smtp.example, port: 0,"
            + " from: a@b.example}}' | port must be between 1 and 65535",
        "email sender not an address | 'notifications: {email: {host: smtp.example,"
            + " from: \"Sallyport <a@b.example>\"}}' | from must be one e-mail address",
        "email host with a path | 'notifications: {email: {host: \"smtp.example/x\","
            + " from: a@b.example}}' | host must be a host name",
        "unknown channel | 'notifications: {teams: {}}' | unknown key 'teams'"
      })
  void refusesMalformedApprovalSettingsAtTheirLine(String what, String line, String message)
      throws IOException {
    quickstart.append(SALLYPORT, CONSOLE);
    if (line.startsWith("approvals:")) {
      quickstart.replace(TENANT, "approvals:\n  timeout: 15m\n", line + "\n");
    } else {
      quickstart.append(TENANT, line + "\n");
    }

    ConfigException e = refusal();

    assertThat(e.file()).as(what).isEqualTo(TENANT);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(quickstart.lineOf(TENANT, line));
    assertThat(e).hasMessageContaining(message);
  }

  @Test
  void refusesNotificationsWithoutAConsoleForTheirLinksToOpen() throws IOException {
    quickstart.append(TENANT, "notifications:\n  slack: {webhook_url_env: SLACK}\n");

    ConfigException e = refusal();

    assertThat(e.file()).isEqualTo(TENANT);
    assertThat(e).hasMessageContaining("notifications need a console: block");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "secret inline | 'client_secret: s3cret' | unknown key 'client_secret'",
        "two secrets | 'client_secret_file: a' | at most one of 'client_secret_file' and"
            + " 'client_secret_env'",
        "origin with a path | 'public_origin: https://sallyport.acme.example/console'"
            + " | public_origin is an origin",
        "origin over http | 'public_origin: http://sallyport.acme.example' | public_origin must"
            + " be https",
        "lifetime too long | 'session_lifetime: 2d' | session_lifetime must be between 5m and 1d",
        "scope with a space | 'scopes: [\"a b\"]' | is not an OAuth scope"
      })
  void refusesAMalformedConsoleAtItsLine(String what, String line, String message)
      throws IOException {
    String console =
        CONSOLE.replace("  public_origin: https://sallyport.acme.example\n", "")
            + (line.startsWith("public_origin")
                ? ""
                : "  public_origin: https://sallyport.acme.example\n")
            + "  "
            + line
            + "\n";
    quickstart.append(SALLYPORT, console);

    ConfigException e = refusal();

    assertThat(e.file()).as(what).isEqualTo(SALLYPORT);
    assertThat(e).hasMessageContaining(message);
  }

  @Test
  void refusesAConsoleIssuerThatIdentityDoesNotTrust() throws IOException {
    quickstart.append(
        SALLYPORT,
        CONSOLE.replace("https://sallyport.local/dev-issuer", "https://login.other.example"));

    ConfigException e = refusal();

    assertThat(e.file()).isEqualTo(SALLYPORT);
    assertThat(e.line()).isEqualTo(quickstart.lineOf(SALLYPORT, "https://login.other.example"));
    assertThat(e).hasMessageContaining("the console's issuer must be one of identity.issuers");
  }
}
