package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sallyport keys}: the development issuer's key and tokens. */
@Command(
    name = "keys",
    description = "Create the development signing key and mint development tokens.",
    subcommands = {KeysCommand.Init.class, KeysCommand.Token.class})
final class KeysCommand implements Runnable {
  @Override
  public void run() {
    System.out.println(
        "Use: sallyport keys init --config DIR | sallyport keys token --config DIR --agent ID");
  }

  @Command(name = "init", description = "Create the development key pair (keeps an existing one).")
  static final class Init implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment folder.")
    Path config;

    @Override
    public Integer call() throws Exception {
      Optional<Deployment> loaded = Loading.deploymentOrReport(config, System.err);
      if (loaded.isEmpty()) {
        return Loading.REFUSED;
      }
      Deployment deployment = loaded.get();
      boolean created = DevelopmentIssuer.initialise(deployment);
      Path jwks = DevelopmentIssuer.publicKeys(deployment);
      System.out.println(
          (created ? "created " : "kept existing ")
              + jwks
              + " and "
              + jwks.resolveSibling(DevelopmentIssuer.PRIVATE_KEY_FILE));
      return 0;
    }
  }

  @Command(
      name = "token",
      description = "Print a development access token for an agent or a person.")
  static final class Token implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment folder.")
    Path config;

    @Option(names = "--agent", description = "The agent id (as registered in tenant.yaml).")
    String agent;

    @Option(names = "--user", description = "A person's id; use with --groups.")
    String user;

    @Option(
        names = "--groups",
        split = ",",
        description = "The person's IdP groups, comma-separated.")
    List<String> groups = List.of();

    @Option(
        names = "--tenant",
        description = "The tenant; needed when the agent id exists in several.")
    String tenant;

    @Option(
        names = "--ttl-seconds",
        defaultValue = "3600",
        description = "Lifetime (default ${DEFAULT-VALUE}).")
    long ttlSeconds;

    @Override
    public Integer call() throws Exception {
      if ((agent == null) == (user == null)) {
        System.err.println("name exactly one of --agent and --user");
        return Loading.REFUSED;
      }
      Optional<Deployment> loaded = Loading.deploymentOrReport(config, System.err);
      if (loaded.isEmpty()) {
        return Loading.REFUSED;
      }
      Deployment deployment = loaded.get();
      if (DevelopmentIssuer.initialise(deployment)) {
        System.err.println(
            "created a development key in " + DevelopmentIssuer.publicKeys(deployment).getParent());
      }
      TenantId tenantId;
      if (tenant != null) {
        tenantId = TenantId.of(tenant);
        if (deployment.tenant(tenantId).isEmpty()) {
          System.err.println("unknown tenant " + tenant);
          return Loading.REFUSED;
        }
      } else if (agent != null) {
        List<TenantId> owners =
            deployment.tenants().values().stream()
                .filter(t -> t.agents().containsKey(agent))
                .map(TenantConfig::id)
                .toList();
        if (owners.size() != 1) {
          System.err.println(
              owners.isEmpty()
                  ? "no tenant registers agent " + agent
                  : "agent " + agent + " exists in several tenants; add --tenant");
          return Loading.REFUSED;
        }
        tenantId = owners.get(0);
      } else if (deployment.tenants().size() == 1) {
        tenantId = deployment.tenants().keySet().iterator().next();
      } else {
        System.err.println("add --tenant");
        return Loading.REFUSED;
      }
      DevelopmentIssuer issuer = DevelopmentIssuer.load(deployment);
      String token =
          agent != null
              ? issuer.mint(
                  tenantId,
                  agent,
                  PrincipalKind.AGENT,
                  List.of(),
                  Instant.now(),
                  Duration.ofSeconds(ttlSeconds))
              : issuer.mint(
                  tenantId,
                  user,
                  PrincipalKind.HUMAN,
                  groups,
                  Instant.now(),
                  Duration.ofSeconds(ttlSeconds));
      System.out.println(token);
      return 0;
    }
  }
}
