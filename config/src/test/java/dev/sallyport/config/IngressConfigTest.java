package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.SALLYPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code ingress:} block: deny unless listed, loopback only when absent, and every malformed
 * list stops the load at its file, line and column.
 */
class IngressConfigTest {
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

  /** Replaces the quickstart's {@code ingress:} block (appended at the end), or drops it. */
  private void ingress(String block) throws IOException {
    String text = quickstart.read(SALLYPORT);
    String without = text.replaceAll("(?m)^ingress:\\n(?:(?: .*)?\\n)*", "");
    assertThat(without).isNotEqualTo(text).doesNotContain("ingress:");
    quickstart.write(SALLYPORT, without + block);
  }

  @Test
  void theQuickstartSpellsOutTheLoopbackOnlyDefault() throws ConfigException {
    assertThat(loader.load(quickstart.root()).ingress()).isEqualTo(IngressSettings.LOOPBACK_ONLY);
  }

  @Test
  void withoutTheBlockEveryGroupIsLoopbackOnlyAndNoProxyIsTrusted() throws Exception {
    ingress("");

    IngressSettings ingress = loader.load(quickstart.root()).ingress();

    assertThat(ingress.trustedProxies()).isEmpty();
    for (RouteGroup group : RouteGroup.values()) {
      assertThat(ingress.allowed(group))
          .as("group %s", group)
          .containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    }
  }

  @Test
  void aGroupThatIsNotListedAllowsNobody() throws Exception {
    ingress(
        """
        ingress:
          trusted_proxies: [10.0.0.0/8, "2001:db8:ff::/48"]
          allow:
            agent:                 # a block list: no quotes needed before a leading ':'
              - 127.0.0.1/32
              - ::1/128
              - 10.20.0.0/16
            metrics: []
        """);

    IngressSettings ingress = loader.load(quickstart.root()).ingress();

    assertThat(ingress.trustedProxies())
        .containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8:ff::/48"));
    assertThat(ingress.allowed(RouteGroup.AGENT))
        .containsExactly(
            Cidr.parse("127.0.0.1/32"), Cidr.parse("::1/128"), Cidr.parse("10.20.0.0/16"));
    assertThat(ingress.allowed(RouteGroup.METRICS)).isEmpty();
    assertThat(ingress.allowed(RouteGroup.ADMIN)).isEmpty();
    assertThat(ingress.allowed(RouteGroup.HEALTH)).isEmpty();
  }

  @ParameterizedTest(name = "{0} is refused: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'  allow: {agnet: [10.0.0.0/8]}' | agnet | unknown key 'agnet' (allowed: admin, agent,"
            + " console, executor, health, metrics)",
        "'  trusted: [10.0.0.0/8]' | trusted | unknown key 'trusted' (allowed: allow, trusted_proxies)",
        "'  trusted_proxies: [10.0.0.0/8]' | trusted_proxies | missing required key 'allow'",
        "'  allow: {agent: [10.0.0.1/8]}' | 10.0.0.1/8 | has host bits set: write 10.0.0.0/8",
        "'  allow: {agent: [10.0.0.1]}' | 10.0.0.1 | has no prefix length",
        "'  allow: {agent: [10.0.0.0/33]}' | 10.0.0.0/33 | out of range for IPv4 (0-32)",
        "'  allow: {agent: [\"::/129\"]}' | ::/129 | out of range for IPv6 (0-128)",
        "'  allow: {agent: [\"::ffff:10.0.0.0/104\"]}' | ::ffff | IPv4-mapped IPv6 block: write it in"
            + " IPv4, as 10.0.0.0/8",
        "'  allow: {agent: [localhost/32]}' | localhost | names are never looked up",
        "'  allow: {agent: [10.0.0.0/8, 10.0.0.0/8]}' | agent | 10.0.0.0/8 is listed twice",
        "'  allow: {agent: 10.0.0.0/8}' | agent | expected a list, found a string",
        "'  allow: {agent: [10]}' | agent | expected a string, found a number",
        "'  trusted_proxies: [0.0.0.0/0]' | 0.0.0.0/0 | trusting 0.0.0.0/0 as a proxy would let"
            + " every client choose its own address",
        "'  trusted_proxies: [10.0.0.0/8, \"::/0\"]' | ::/0 | trusting ::/0 as a proxy",
      })
  void refusesAMalformedBlockAtItsPosition(String body, String lineText, String problem)
      throws Exception {
    ingress("ingress:\n" + body + "\n");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));

    assertThat(e).as("refused").isNotNull();
    assertThat(e.file()).isEqualTo(SALLYPORT);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(quickstart.lastLineOf(SALLYPORT, lineText));
    assertThat(e).hasMessageContaining(problem);
  }

  @Test
  void theErrorNamesTheColumnOfTheBadBlock() throws Exception {
    ingress("ingress:\n  allow:\n    agent: [127.0.0.1/32, 10.0.0.1/8]\n");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));

    int line = quickstart.lastLineOf(SALLYPORT, "10.0.0.1/8");
    assertThat(e)
        .hasMessageStartingWith(
            SALLYPORT + ":" + line + ":" + (1 + "    agent: [127.0.0.1/32, ".length()) + ":");
  }

  @Test
  void settingsCannotBeBuiltTrustingEveryAddress() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new IngressSettings(List.of(Cidr.parse("0.0.0.0/0")), java.util.Map.of())))
        .hasMessageContaining("every client choose its own address");
  }
}
