package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.gateway.identity.Identity;
import dev.sallyport.gateway.identity.IssuerKeyring;
import dev.sallyport.gateway.identity.IssuerKeys;
import dev.sallyport.gateway.identity.TokenAuthenticator;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ConditionCompiler;
import dev.sallyport.testing.ExampleDeployments;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Development tokens satisfy the issuer's configuration, whatever its rules, and pass the gateway.
 */
class DevelopmentIssuerTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  @TempDir Path temp;

  private Identity mintAndAuthenticate(
      Path config, String subject, PrincipalKind kind, List<String> groups) throws Exception {
    Deployment deployment = new DeploymentLoader(new ConditionCompiler()).load(config);
    DevelopmentIssuer.initialise(deployment);
    String token =
        DevelopmentIssuer.load(deployment)
            .mint(TenantId.of("acme"), subject, kind, groups, NOW, Duration.ofMinutes(5));
    String issuer = deployment.identity().issuers().get(0).issuer();
    TokenAuthenticator authenticator =
        new TokenAuthenticator(
            deployment,
            new IssuerKeyring(
                Map.of(issuer, IssuerKeys.fromFile(DevelopmentIssuer.publicKeys(deployment)))),
            Clock.fixed(NOW, ZoneOffset.UTC));
    return authenticator.authenticate(List.of("Bearer " + token));
  }

  private static Principal principal(Identity identity) {
    assertThat(identity).isInstanceOf(Identity.Authenticated.class);
    return ((Identity.Authenticated) identity).principal();
  }

  @Test
  void theQuickstartsTokensAreAnAgentAndAPersonWithGroupRoles() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));

    Principal agent =
        principal(mintAndAuthenticate(config, "finance-bot", PrincipalKind.AGENT, List.of()));
    Principal person =
        principal(
            mintAndAuthenticate(
                config, "ada@acme.example", PrincipalKind.HUMAN, List.of("audit-team")));

    assertThat(agent.kind()).isEqualTo(PrincipalKind.AGENT);
    assertThat(person.kind()).isEqualTo(PrincipalKind.HUMAN);
    assertThat(person.roles()).containsExactly("auditor");
  }

  @Test
  void followsKeycloakStyleRulesWithNestedClaims() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    ExampleDeployments.edit(
        config,
        "sallyport.yaml",
        "      tenant_claim: tenant\n      group_claims: [groups]\n",
        """
              tenant_claim: org.tenant
              principals:
                agent:
                  match: [{preferred_username: {prefix: service-account-}}]
                  id_claim: client_id
                human:
                  match: [{sid: {present: true}}]
                  id_claim: preferred_username
              group_claims: [realm_access.roles]
        """);

    Principal agent =
        principal(mintAndAuthenticate(config, "finance-bot", PrincipalKind.AGENT, List.of()));
    Principal person =
        principal(
            mintAndAuthenticate(
                config, "ada@acme.example", PrincipalKind.HUMAN, List.of("audit-team")));

    assertThat(agent.id()).isEqualTo("finance-bot");
    assertThat(agent.kind()).isEqualTo(PrincipalKind.AGENT);
    assertThat(person.id()).isEqualTo("ada@acme.example");
    assertThat(person.roles()).containsExactly("auditor");
  }
}
