package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.SALLYPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code siem:} in {@code sallyport.yaml}: the three sink types with their defaults, and each
 * malformation stopping the load at its file, line and column.
 */
class SiemConfigTest {
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

  private void siem(String yaml) throws IOException {
    quickstart.append(SALLYPORT, "siem:\n" + yaml);
  }

  @Test
  void exportsNothingWhenNoSinkIsConfigured() throws ConfigException {
    assertThat(loader.load(quickstart.root()).siem()).isEmpty();
  }

  @Test
  void readsTheThreeSinkTypesWithTheirDefaults() throws Exception {
    siem(
        """
          - name: soc-jsonl
            type: jsonl
            path: /var/log/sallyport/events.jsonl
          - name: soc-syslog
            type: syslog
            transport: tcp
            host: 127.0.0.1
            port: 6514
          - name: soc-udp
            type: syslog
            transport: udp
            host: siem.example
            port: 514
            facility: 10
            hostname: gw1.example
            max_message_bytes: 1200
          - name: soc-webhook
            type: webhook
            url: https://siem.example/ingest
            secret_env: SIEM_WEBHOOK_SECRET
          - name: soc-webhook-2
            type: webhook
            url: http://10.0.0.5:8088/ingest?source=sallyport
            batch_size: 500
            max_wait: 250ms
            timeout: 1m
            secret_file: secrets/webhook.key
        """);

    Deployment deployment = loader.load(quickstart.root());

    assertThat(deployment.siem())
        .containsExactly(
            new SiemSinkSettings.Jsonl("soc-jsonl", Path.of("/var/log/sallyport/events.jsonl")),
            new SiemSinkSettings.Syslog(
                "soc-syslog",
                SiemSinkSettings.SyslogTransport.TCP,
                "127.0.0.1",
                6514,
                13,
                Optional.empty(),
                2048),
            new SiemSinkSettings.Syslog(
                "soc-udp",
                SiemSinkSettings.SyslogTransport.UDP,
                "siem.example",
                514,
                10,
                Optional.of("gw1.example"),
                1200),
            new SiemSinkSettings.Webhook(
                "soc-webhook",
                URI.create("https://siem.example/ingest"),
                100,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Optional.of(new SecretReference.Environment("SIEM_WEBHOOK_SECRET"))),
            new SiemSinkSettings.Webhook(
                "soc-webhook-2",
                URI.create("http://10.0.0.5:8088/ingest?source=sallyport"),
                500,
                Duration.ofMillis(250),
                Duration.ofMinutes(1),
                Optional.of(
                    new SecretReference.File(
                        quickstart.root().resolve("secrets/webhook.key").toAbsolutePath()))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown key of a jsonl sink | '{name: a, type: jsonl, path: /x, format: gelf}'"
            + " | unknown key 'format' (allowed: name, path, type)",
        "unknown key of a webhook | '{name: a, type: webhook, url: https://s.example, token: abc}'"
            + " | unknown key 'token' (allowed: batch_size, max_wait, name, secret_env, secret_file,"
            + " timeout, type, url)",
        "a syslog key on a webhook | '{name: a, type: webhook, url: https://s.example, port: 1}'"
            + " | unknown key 'port'",
        "no type | '{name: a, path: /x}' | missing required key 'type' (one of jsonl, syslog,"
            + " webhook)",
        "unknown type | '{name: a, type: kafka}' | unknown sink type 'kafka'",
        "no name | '{type: jsonl, path: /x}' | missing required key 'name'",
        "name with capitals | '{name: SOC, type: jsonl, path: /x}' | sink name must be",
        "name that is a path | '{name: ../x, type: jsonl, path: /x}' | sink name must be",
        "relative jsonl path | '{name: a, type: jsonl, path: logs/x.jsonl}' | path must be absolute",
        "unknown transport | '{name: a, type: syslog, transport: tls, host: h, port: 1}'"
            + " | transport must be tcp or udp",
        "port zero | '{name: a, type: syslog, transport: tcp, host: h, port: 0}'"
            + " | port must be between 1 and 65535",
        "facility 24 | '{name: a, type: syslog, transport: tcp, host: h, port: 1, facility: 24}'"
            + " | facility must be between 0 and 23",
        "host with a port | '{name: a, type: syslog, transport: tcp, host: \"h/x\", port: 1}'"
            + " | host must be a host name or an IP address",
        "hostname with a space | '{name: a, type: syslog, transport: udp, host: h, port: 1,"
            + " hostname: \"gw 1\"}' | hostname must be 1-255 printable ASCII",
        "max size on tcp | '{name: a, type: syslog, transport: tcp, host: h, port: 1,"
            + " max_message_bytes: 4096}' | max_message_bytes applies to transport udp only",
        "max size below 480 | '{name: a, type: syslog, transport: udp, host: h, port: 1,"
            + " max_message_bytes: 479}' | max_message_bytes must be between 480 and 65507",
        "ftp url | '{name: a, type: webhook, url: \"ftp://s.example/x\"}'"
            + " | expected an absolute http or https URL",
        "relative url | '{name: a, type: webhook, url: /ingest}' | expected an absolute http or"
            + " https URL",
        "credentials in the url | '{name: a, type: webhook, url: \"https://u:p@s.example/\"}'"
            + " | url must not carry credentials",
        "batch size zero | '{name: a, type: webhook, url: https://s.example, batch_size: 0}'"
            + " | batch_size must be between 1 and 10000",
        "max_wait without a unit | '{name: a, type: webhook, url: https://s.example, max_wait: 2}'"
            + " | max_wait must be a duration like 500ms, 2s or 1m",
        "max_wait as text | '{name: a, type: webhook, url: https://s.example, max_wait: 2 s}'"
            + " | max_wait must be a duration like 500ms, 2s or 1m",
        "max_wait too long | '{name: a, type: webhook, url: https://s.example, max_wait: 6m}'"
            + " | max_wait must be between 0s and 5m",
        "timeout too short | '{name: a, type: webhook, url: https://s.example, timeout: 500ms}'"
            + " | timeout must be between 1s and 5m",
        "two secrets | '{name: a, type: webhook, url: https://s.example, secret_env: A,"
            + " secret_file: b}' | at most one of 'secret_file' and 'secret_env' may be set",
        "bad variable name | '{name: a, type: webhook, url: https://s.example,"
            + " secret_env: \"1-SECRET\"}' | an environment variable name is letters",
        "a secret inline | '{name: a, type: webhook, url: https://s.example, secret: abc}'"
            + " | unknown key 'secret'"
      })
  void refusesAMalformedSinkAtItsLine(String what, String sink, String message) throws IOException {
    siem("  - " + sink + "\n");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));

    assertThat(e).as(what).isNotNull();
    assertThat(e.file()).isEqualTo(SALLYPORT);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(quickstart.lineOf(SALLYPORT, "  - {"));
    assertThat(e).hasMessageContaining(message);
  }

  @Test
  void refusesTwoSinksOfTheSameName() throws IOException {
    siem(
        """
          - {name: soc, type: jsonl, path: /a.jsonl}
          - {name: soc, type: jsonl, path: /b.jsonl}
        """);

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));

    assertThat(e.line()).isEqualTo(quickstart.lineOf(SALLYPORT, "/b.jsonl"));
    assertThat(e).hasMessageContaining("sink 'soc' is declared twice");
  }

  @Test
  void refusesASiemBlockThatIsNotAList() throws IOException {
    quickstart.append(SALLYPORT, "siem:\n  name: soc\n");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));

    assertThat(e).hasMessageContaining("expected a list, found a mapping");
  }
}
