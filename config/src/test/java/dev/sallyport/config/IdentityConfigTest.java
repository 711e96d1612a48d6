package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.SALLYPORT;
import static dev.sallyport.config.QuickstartFolder.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code identity:} block: trusted issuers, their key sources and refresh, token rules,
 * tenants, principal rules and group claims. Every refusal names file, line and problem.
 */
class IdentityConfigTest {
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

  /** Writes {@code sallyport.yaml} with this identity block (indented by two) and tenants. */
  private void identity(String block, String... tenants) throws IOException {
    StringBuilder yaml = new StringBuilder("identity:\n");
    block.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
    yaml.append("tenants:\n");
    for (String tenant : tenants.length == 0 ? new String[] {"acme"} : tenants) {
      yaml.append("  - ").append(tenant).append('\n');
    }
    quickstart.write(SALLYPORT, yaml.toString());
  }

  /** Adds a second tenant, a copy of acme. */
  private void addGlobex() throws IOException {
    for (String file :
        List.of(
            "tenant.yaml",
            "tools.yaml",
            "policies/directory.yaml",
            "policies/email.yaml",
            "policies/payments.yaml",
            "policies/reads.yaml")) {
      quickstart.write("tenants/globex/" + file, quickstart.readBytes("tenants/acme/" + file));
    }
  }

  private IssuerSettings onlyIssuer() throws ConfigException {
    List<IssuerSettings> issuers = loader.load(quickstart.root()).identity().issuers();
    assertThat(issuers).hasSize(1);
    return issuers.get(0);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String text)
      throws IOException {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
    assertThat(e).as("the load should have been refused").isNotNull();
    int line = quickstart.lineOf(SALLYPORT, text);
    assertThat(e.file()).isEqualTo(SALLYPORT);
    assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
    return assertThat(e);
  }

  private static final String DEV_ISSUER =
      """
      issuers:
        - issuer: https://sallyport.local/dev-issuer
          audience: sallyport
      """;

  @Test
  void theQuickstartIsOneFileIssuerBoundToItsTenantByClaim() throws ConfigException {
    Deployment deployment = loader.load(quickstart.root());
    IdentitySettings identity = deployment.identity();
    IssuerSettings issuer = onlyIssuer();

    assertThat(identity.resource()).isEmpty();
    assertThat(identity.maxTokenBytes()).isEqualTo(8192);
    assertThat(issuer.issuer()).isEqualTo("https://sallyport.local/dev-issuer");
    assertThat(issuer.keys())
        .isEqualTo(
            new IssuerSettings.KeySource.JwksFile(
                deployment.directory().resolve("keys/jwks.json")));
    assertThat(issuer.algorithms()).containsExactly("RS256", "ES256");
    assertThat(issuer.tokenTypes()).containsExactly("at+jwt");
    assertThat(issuer.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(issuer.keyRefresh()).isEqualTo(IssuerSettings.KeyRefresh.DEFAULTS);
    assertThat(issuer.tenants()).containsExactly(TenantId.of("acme"));
    assertThat(issuer.tenantClaim()).contains(ClaimPath.parse("tenant"));
    assertThat(issuer.agents()).contains(PrincipalRule.principalTypeClaim("agent"));
    assertThat(issuer.people()).contains(PrincipalRule.principalTypeClaim("human"));
    assertThat(issuer.groupClaims()).containsExactly(ClaimPath.parse("groups"));
  }

  @Test
  void readsADiscoveredIssuerWithEveryKey() throws Exception {
    identity(
        """
        resource: https://sallyport.acme.example/mcp
        scopes_supported: [sallyport.tools, openid]
        max_token_bytes: 4096
        issuers:
          - issuer: https://idp.acme.example/realms/acme
            audience: https://sallyport.acme.example/mcp
            discovery: true
            algorithms: [RS256, PS256]
            token_types: [at+jwt, application/at+jwt, JWT]
            clock_skew_seconds: 30
            jwks_refresh_seconds: 600
            jwks_min_refresh_seconds: 10
            max_key_age_seconds: 7200
            tenant_claim: org.tenant
            principals:
              agent:
                match:
                  - preferred_username: {prefix: service-account-}
                    sid: {present: false}
                id_claim: azp
              human:
                match:
                  - sid: {present: true}
                id_claim: preferred_username
            group_claims: [groups, realm_access.roles, "https://acme.example/roles"]
        """);

    IdentitySettings identity = loader.load(quickstart.root()).identity();
    IssuerSettings issuer = identity.issuers().get(0);

    assertThat(identity.resource()).contains(URI.create("https://sallyport.acme.example/mcp"));
    assertThat(identity.scopesSupported()).containsExactly("sallyport.tools", "openid");
    assertThat(identity.maxTokenBytes()).isEqualTo(4096);
    assertThat(issuer.keys())
        .isEqualTo(
            new IssuerSettings.KeySource.Discovery(
                URI.create("https://idp.acme.example/realms/acme")));
    assertThat(issuer.algorithms()).containsExactly("RS256", "PS256");
    assertThat(issuer.tokenTypes()).containsExactlyInAnyOrder("at+jwt", "jwt");
    assertThat(issuer.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(issuer.keyRefresh())
        .isEqualTo(
            new IssuerSettings.KeyRefresh(
                Duration.ofSeconds(600), Duration.ofSeconds(10), Duration.ofSeconds(7200)));
    assertThat(issuer.tenantClaim()).contains(new ClaimPath(List.of("org", "tenant")));
    assertThat(issuer.agents().orElseThrow().idClaim()).isEqualTo(ClaimPath.parse("azp"));
    assertThat(issuer.agents().orElseThrow().match())
        .containsExactly(
            List.of(
                new ClaimCondition.Prefix(
                    ClaimPath.parse("preferred_username"), "service-account-"),
                new ClaimCondition.Present(ClaimPath.parse("sid"), false)));
    assertThat(issuer.groupClaims())
        .containsExactly(
            new ClaimPath(List.of("groups")),
            new ClaimPath(List.of("realm_access", "roles")),
            new ClaimPath(List.of("https://acme.example/roles")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://idp.example.com/jwks",
        "http://10.0.0.1/jwks",
        "http://127.0.0.1.nip.io/jwks",
        "http://127.evil.example/jwks",
        "http://localhost.evil.example/jwks",
        "ftp://idp.example.com/jwks",
        "https:///jwks",
        "idp.example.com/jwks"
      })
  void refusesAJwksUrlThatIsNotHttpsOnANonLoopbackHost(String url) throws IOException {
    quickstart.replace(SALLYPORT, "jwks_file: keys/jwks.json", "jwks_url: " + url);

    assertRefused("jwks_url: ").hasMessageContaining("jwks_url");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://idp.example.com/jwks",
        "http://localhost:8081/jwks",
        "http://127.0.0.1:8081/jwks",
        "http://[::1]:8081/jwks"
      })
  void acceptsAJwksUrlOverHttpsOrOnLoopback(String url) throws IOException, ConfigException {
    quickstart.replace(SALLYPORT, "jwks_file: keys/jwks.json", "jwks_url: " + url);

    assertThat(onlyIssuer().keys())
        .isEqualTo(new IssuerSettings.KeySource.JwksUrl(URI.create(url)));
  }

  @Test
  void refusesTwoKeySources() throws IOException {
    quickstart.replace(
        SALLYPORT,
        "jwks_file: keys/jwks.json",
        "jwks_file: keys/jwks.json\n      jwks_url: https://idp.example.com/jwks");

    assertRefused("- issuer:")
        .hasMessageContaining("exactly one of 'jwks_file', 'jwks_url' and 'discovery' must be set");
  }

  @Test
  void refusesAnIssuerWithoutKeys() throws IOException {
    identity(DEV_ISSUER);

    assertRefused("- issuer:").hasMessageContaining("exactly one of");
  }

  @Test
  void refusesDiscoveryOfAnIssuerThatIsNotHttps() throws IOException {
    identity(
        """
        issuers:
          - issuer: http://idp.example.com/realms/acme
            audience: sallyport
            discovery: true
        """);

    assertRefused("- issuer:").hasMessageContaining("with discovery, the issuer must use https");
  }

  @Test
  void refusesDiscoveryFalse() throws IOException {
    identity(DEV_ISSUER + "    discovery: false\n");

    assertRefused("discovery: false").hasMessageContaining("write 'discovery: true'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "none", "HS512", "RS1"})
  void refusesASymmetricOrUnknownAlgorithm(String algorithm) throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    algorithms: [" + algorithm + "]\n");

    assertRefused("algorithms:")
        .hasMessageContaining(
            "algorithm '"
                + algorithm
                + "' is not accepted (asymmetric algorithms only, never none or HS*)");
  }

  @Test
  void refusesAnAsymmetricAlgorithmListedBesideASymmetricOne() throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    algorithms: [RS256, HS256]\n");

    assertRefused("algorithms:").hasMessageContaining("algorithm 'HS256' is not accepted");
  }

  @Test
  void refusesEdDsaWhichIsNotSupportedYet() throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    algorithms: [EdDSA]\n");

    assertRefused("algorithms:").hasMessageContaining("'EdDSA' is not supported yet");
  }

  @Test
  void refusesAnEmptyAlgorithmList() throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    algorithms: []\n");

    assertRefused("algorithms:").hasMessageContaining("at least one algorithm is required");
  }

  @Test
  void refusesATokenTypeOtherThanAccessTokenOrJwt() throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    token_types: [at+jwt, Bearer]\n");

    assertRefused("token_types:").hasMessageContaining("token type 'Bearer' is not accepted");
  }

  @Test
  void refusesRefreshSettingsOnAJwksFile() throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    max_key_age_seconds: 600\n");

    assertRefused("max_key_age_seconds:")
        .hasMessageContaining("applies to jwks_url and discovery only");
  }

  @Test
  void refusesAMinimumRefreshIntervalLongerThanTheRefreshInterval() throws IOException {
    identity(
        DEV_ISSUER
            + "    jwks_url: https://idp.example.com/jwks\n"
            + "    jwks_refresh_seconds: 60\n"
            + "    jwks_min_refresh_seconds: 120\n");

    assertRefused("- issuer:").hasMessageContaining("jwks_min_refresh_seconds must not be longer");
  }

  @Test
  void refusesAMaximumKeyAgeShorterThanTheRefreshInterval() throws IOException {
    identity(
        DEV_ISSUER
            + "    jwks_url: https://idp.example.com/jwks\n"
            + "    jwks_refresh_seconds: 600\n"
            + "    max_key_age_seconds: 300\n");

    assertRefused("- issuer:").hasMessageContaining("max_key_age_seconds must not be shorter");
  }

  @ParameterizedTest
  @ValueSource(strings = {"clock_skew_seconds: 301", "max_key_age_seconds: 604801"})
  void refusesValuesOutOfRange(String line) throws IOException {
    identity(DEV_ISSUER + "    jwks_url: https://idp.example.com/jwks\n    " + line + "\n");

    assertRefused(line).hasMessageContaining("must be between");
  }

  @Test
  void refusesATenantTheDeploymentDoesNotList() throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    tenants: [globex]\n");

    assertRefused("tenants: [globex]").hasMessageContaining("unknown tenant 'globex'");
  }

  @Test
  void refusesSeveralIssuersOneOfWhichMaySpeakForEveryTenant() throws IOException {
    identity(
        DEV_ISSUER
            + "    jwks_file: keys/jwks.json\n"
            + "    tenants: [acme]\n"
            + "  - issuer: https://idp.example.com\n"
            + "    audience: sallyport\n"
            + "    discovery: true\n");

    assertRefused("- issuer: https://idp.example.com")
        .hasMessageContaining("with several issuers, each must list its 'tenants'");
  }

  @Test
  void refusesAnIssuerOfSeveralTenantsWithoutATenantClaim() throws IOException {
    addGlobex();
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n", "acme", "globex");

    assertRefused("- issuer:").hasMessageContaining("needs 'tenant_claim'");
  }

  @Test
  void bindsAnIssuerOfOneTenantWithoutATenantClaim() throws Exception {
    addGlobex();
    identity(
        DEV_ISSUER
            + "    jwks_file: keys/jwks.json\n"
            + "    tenants: [globex]\n"
            + "  - issuer: https://idp.acme.example\n"
            + "    audience: sallyport\n"
            + "    discovery: true\n"
            + "    tenants: [acme]\n",
        "acme",
        "globex");

    List<IssuerSettings> issuers = loader.load(quickstart.root()).identity().issuers();
    assertThat(issuers.get(0).tenants()).containsExactly(TenantId.of("globex"));
    assertThat(issuers.get(0).tenantClaim()).isEmpty();
    assertThat(issuers.get(1).tenants()).containsExactly(TenantId.of("acme"));
  }

  @Test
  void refusesAnIssuerListedTwice() throws IOException {
    identity(
        DEV_ISSUER
            + "    jwks_file: keys/jwks.json\n"
            + "    tenants: [acme]\n"
            + "  - issuer: https://sallyport.local/dev-issuer\n"
            + "    audience: other\n"
            + "    jwks_file: keys/jwks.json\n"
            + "    tenants: [acme]\n");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
    assertThat(e).hasMessageContaining("is listed twice");
    assertThat(e.line()).isEqualTo(quickstart.lastLineOf(SALLYPORT, "- issuer:"));
  }

  @Test
  void refusesAConditionWithTwoTests() throws IOException {
    identity(
        DEV_ISSUER
            + "    jwks_file: keys/jwks.json\n"
            + "    principals:\n"
            + "      agent:\n"
            + "        match:\n"
            + "          - idtyp: {equals: app, present: true}\n");

    assertRefused("idtyp:")
        .hasMessageContaining("write exactly one of 'equals', 'prefix' and 'present'");
  }

  @Test
  void refusesPrincipalsWithoutAnyRule() throws IOException {
    identity(DEV_ISSUER + "    jwks_file: keys/jwks.json\n    principals: {}\n");

    assertRefused("principals:").hasMessageContaining("an 'agent' rule, a 'human' rule or both");
  }

  @Test
  void refusesAnUnknownPrincipalKind() throws IOException {
    identity(
        DEV_ISSUER
            + "    jwks_file: keys/jwks.json\n"
            + "    principals:\n"
            + "      robot: {match: [{idtyp: {equals: app}}]}\n");

    assertRefused("robot:").hasMessageContaining("unknown key 'robot' (allowed: agent, human)");
  }

  @Test
  void anIssuerMayAcceptAgentsOnly() throws Exception {
    identity(
        DEV_ISSUER
            + "    jwks_file: keys/jwks.json\n"
            + "    principals:\n"
            + "      agent: {match: [{idtyp: {equals: app}}], id_claim: azp}\n");

    IssuerSettings issuer = onlyIssuer();
    assertThat(issuer.people()).isEmpty();
    assertThat(issuer.agents().orElseThrow().idClaim()).isEqualTo(ClaimPath.parse("azp"));
  }

  @Test
  void refusesAClaimPathWithAnEmptyPart() throws IOException {
    identity(
        DEV_ISSUER + "    jwks_file: keys/jwks.json\n    group_claims: [realm_access..roles]\n");

    assertRefused("group_claims:").hasMessageContaining("is not a claim name or path");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://sallyport.example.com",
        "https://sallyport.example.com/mcp#top",
        "https://sallyport.example.com/mcp?x=1"
      })
  void refusesAResourceThatIsNotAnHttpsUrlWithoutQueryOrFragment(String url) throws IOException {
    quickstart.replace(
        SALLYPORT, "  # resource: https://sallyport.acme.example", "  resource: " + url);

    assertRefused("resource:").hasMessageContaining("resource");
  }

  @Test
  void refusesAScopeThatCannotBeWrittenIntoAHeader() throws IOException {
    identity("scopes_supported: [\"tools read\"]\n" + DEV_ISSUER + "    jwks_file: x.json\n");

    assertRefused("scopes_supported:").hasMessageContaining("is not an OAuth scope");
  }

  @Test
  void refusesAMaximumTokenSizeBeyondWhatTheServerReads() throws IOException {
    identity("max_token_bytes: 16384\n" + DEV_ISSUER + "    jwks_file: x.json\n");

    assertRefused("max_token_bytes:").hasMessageContaining("between 1024 and 8192");
  }

  @Test
  void groupRolesMayNameAdministrativeRolesWithoutDeclaringThem() throws Exception {
    quickstart.replace(TENANT, "audit-team: [auditor]", "audit-team: [auditor, policy-admin]");

    TenantConfig tenant = loader.load(quickstart.root()).tenant(TenantId.of("acme")).orElseThrow();
    assertThat(tenant.humanPrincipal("ann@acme.example", List.of("audit-team")).roles())
        .containsExactlyInAnyOrder("auditor", "policy-admin");
  }

  @Test
  void groupRolesStillRefuseAnUnknownRole() throws IOException {
    quickstart.replace(TENANT, "audit-team: [auditor]", "audit-team: [auditer]");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
    assertThat(e).hasMessageContaining("unknown role 'auditer'");
  }

  @Test
  void administrativeRolesHaveTheirConfigurationNames() {
    assertThat(Stream.of(AdministrativeRole.values()).map(AdministrativeRole::roleName))
        .containsExactly("policy-admin", "approver", "auditor", "killswitch-operator");
  }

  @Test
  void claimConditionsMatchStringsOnly() {
    ClaimPath type = ClaimPath.parse("idtyp");
    Map<String, Object> app = Map.of("idtyp", "app");
    Map<String, Object> list = Map.of("idtyp", List.of("app"));

    assertThat(new ClaimCondition.Equals(type, "app").test(app)).isTrue();
    assertThat(new ClaimCondition.Equals(type, "app").test(list)).isFalse();
    assertThat(new ClaimCondition.Prefix(type, "ap").test(app)).isTrue();
    assertThat(new ClaimCondition.Prefix(type, "ap").test(Map.of("idtyp", 5L))).isFalse();
    assertThat(new ClaimCondition.Present(type, true).test(list)).isTrue();
    assertThat(new ClaimCondition.Present(type, false).test(Map.of())).isTrue();
  }

  @Test
  void aClaimPathWalksNestedObjectsOnly() {
    ClaimPath roles = ClaimPath.parse("realm_access.roles");

    assertThat(roles.lookup(Map.of("realm_access", Map.of("roles", List.of("a")))))
        .contains(List.of("a"));
    assertThat(roles.lookup(Map.of("realm_access", "roles"))).isEmpty();
    assertThat(roles.lookup(Map.of("realm_access.roles", List.of("a")))).isEmpty();
    assertThat(ClaimPath.parse("https://acme.example/roles").names())
        .containsExactly("https://acme.example/roles");
  }

  @Test
  void aPrincipalRuleHoldsWhenAllConditionsOfOneAlternativeHold() {
    PrincipalRule rule =
        new PrincipalRule(
            List.of(
                List.of(
                    new ClaimCondition.Prefix(ClaimPath.parse("u"), "service-account-"),
                    new ClaimCondition.Present(ClaimPath.parse("sid"), false)),
                List.of(new ClaimCondition.Equals(ClaimPath.parse("idtyp"), "app"))),
            ClaimPath.parse("sub"));

    assertThat(rule.matches(Map.of("u", "service-account-bot"))).isTrue();
    assertThat(rule.matches(Map.of("u", "service-account-bot", "sid", "s"))).isFalse();
    assertThat(rule.matches(Map.of("idtyp", "app", "sid", "s"))).isTrue();
    assertThat(rule.matches(Map.of())).isFalse();
  }

  @Test
  void theExampleKeysFolderIsNotNeededToLoad() throws Exception {
    // Keys are read by the gateway, not the loader: a deployment loads before `keys init`.
    assertThat(Files.exists(quickstart.root().resolve("keys/jwks.json"))).isFalse();
    assertThat(loader.load(quickstart.root()).identity().issuers()).hasSize(1);
  }
}
