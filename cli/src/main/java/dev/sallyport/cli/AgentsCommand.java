package dev.sallyport.cli;

import dev.sallyport.config.AgentSettings;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.SqliteAgentStandings;
import dev.sallyport.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sallyport agents}: every new agent runs in dry-run until an administrator promotes it, and
 * can be promoted only once it has been observed for the tenant's {@code new_agents.dry_run_for} (7
 * days unless configured). Promotion is written to the data folder's database; the gateway records
 * it in the ledger ({@code agent.promoted}) and only then lets the agent act. Nothing here writes
 * the ledger, so these commands are safe while {@code serve} runs.
 */
@Command(
    name = "agents",
    description = "List agents' standing and promote new agents out of dry-run.",
    subcommands = {AgentsCommand.Promote.class, AgentsCommand.ListAgents.class})
final class AgentsCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Use: sallyport agents promote|list (see --help)");
  }

  /** What a promotion attempt came to: an exit code and a line for the operator. */
  record Answer(int exit, String message) {}

  /**
   * Promotes {@code agent} of {@code tenant}, or says why not. The one implementation behind the
   * command and the demo.
   */
  static Answer promote(
      Deployment deployment,
      SqliteAgentStandings standings,
      TenantId tenant,
      String agent,
      String by,
      Instant now) {
    Optional<TenantConfig> config = deployment.tenant(tenant);
    if (config.isEmpty()) {
      return new Answer(Loading.REFUSED, "no tenant " + tenant + " in the deployment");
    }
    AgentSettings settings = config.get().agents().get(agent);
    if (settings == null) {
      return new Answer(Loading.REFUSED, "no agent " + agent + " in tenant " + tenant);
    }
    if (settings.dryRun() || config.get().policy().dryRunTenant()) {
      return new Answer(
          Loading.REFUSED,
          "agent "
              + agent
              + " runs in dry-run by configuration (mode: dry_run): a promotion would not change"
              + " that; set mode: enforce in tenant.yaml first");
    }
    Optional<SqliteAgentStandings.Standing> standing = standings.find(tenant, agent);
    if (standing.isPresent() && standing.get().isPromoted()) {
      return new Answer(
          0,
          "agent "
              + agent
              + " was promoted by "
              + standing.get().promotedBy().orElse("unknown")
              + " at "
              + standing.get().promotedAt().map(Instant::toString).orElse("?"));
    }
    if (standing.isPresent() && standing.get().promotedAt().isPresent()) {
      return new Answer(
          0,
          "the promotion of agent "
              + agent
              + " is written; it takes effect when the gateway records it in the ledger");
    }
    Optional<Instant> start =
        settings.since().or(() -> standing.flatMap(SqliteAgentStandings.Standing::firstSeen));
    if (start.isEmpty()) {
      return new Answer(
          Loading.REFUSED,
          "agent "
              + agent
              + " has made no call yet, so its dry run has not begun; promote it after it has"
              + " been observed for "
              + config.get().newAgentDryRun().toDays()
              + " days (or declare since: in tenant.yaml)");
    }
    Instant eligible = start.get().plus(config.get().newAgentDryRun());
    if (now.isBefore(eligible)) {
      return new Answer(
          Loading.REFUSED,
          "agent "
              + agent
              + " has been in dry-run since "
              + start.get()
              + "; it can be promoted from "
              + eligible
              + " (new_agents.dry_run_for: "
              + config.get().newAgentDryRun().toDays()
              + "d)");
    }
    standings.requestPromotion(tenant, agent, by, now);
    return new Answer(
        0,
        "promotion of agent "
            + agent
            + " by "
            + by
            + " written; it takes effect once the gateway records agent.promoted in the ledger"
            + " (within a second while serve runs, else at its next start)");
  }

  /** {@code agents promote}. */
  @Command(
      name = "promote",
      description =
          "Promote a new agent out of dry-run, once it has been observed for new_agents.dry_run_for.")
  static final class Promote implements Callable<Integer> {
    @Mixin TenantDataOptions target;

    @Option(names = "--agent", required = true, description = "The agent's id.")
    String agent;

    @Override
    public Integer call() {
      Optional<TenantDataOptions.Target> resolved = target.resolve(System.err);
      if (resolved.isEmpty()) {
        return Loading.REFUSED;
      }
      TenantDataOptions.Target t = resolved.get();
      try (SqliteAgentStandings standings = new SqliteAgentStandings(t.database())) {
        Answer answer =
            promote(
                t.deployment(), standings, t.tenant(), agent, t.by(), Clock.systemUTC().instant());
        (answer.exit() == 0 ? System.out : System.err).println(answer.message());
        return answer.exit();
      }
    }
  }

  /** {@code agents list}. */
  @Command(
      name = "list",
      description = "Each configured agent's standing: dry-run by configuration, new, or promoted.")
  static final class ListAgents implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment folder.")
    Path config;

    @Option(
        names = "--data",
        defaultValue = "data",
        description = "The gateway's data folder (default ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() {
      Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
      if (deployment.isEmpty()) {
        return Loading.REFUSED;
      }
      Instant now = Clock.systemUTC().instant();
      try (SqliteAgentStandings standings = new SqliteAgentStandings(SqliteDatabase.open(data))) {
        for (TenantConfig tenant : deployment.get().tenants().values()) {
          for (AgentSettings agent : tenant.agents().values()) {
            System.out.println(
                tenant.id() + " " + agent.id() + " " + standing(tenant, agent, standings, now));
          }
        }
      }
      return 0;
    }

    private static String standing(
        TenantConfig tenant, AgentSettings agent, SqliteAgentStandings standings, Instant now) {
      if (agent.dryRun() || tenant.policy().dryRunTenant()) {
        return "dry-run (mode: dry_run)";
      }
      Optional<SqliteAgentStandings.Standing> standing = standings.find(tenant.id(), agent.id());
      if (standing.isPresent() && standing.get().isPromoted()) {
        return "promoted by "
            + standing.get().promotedBy().orElse("unknown")
            + " at "
            + standing.get().recordedAt().map(Instant::toString).orElse("?");
      }
      if (standing.isPresent() && standing.get().promotedAt().isPresent()) {
        return "dry-run, promotion written, waiting for the gateway to record it";
      }
      Optional<Instant> start =
          agent.since().or(() -> standing.flatMap(SqliteAgentStandings.Standing::firstSeen));
      if (start.isEmpty()) {
        return "dry-run (new), no call yet";
      }
      Instant eligible = start.get().plus(tenant.newAgentDryRun());
      // After its period a new agent is flagged, never promoted by itself: a person decides.
      return now.isBefore(eligible)
          ? "dry-run (new) since " + start.get() + ", can be promoted from " + eligible
          : "dry-run (new) since " + start.get() + ", REVIEW DUE: can be promoted";
    }
  }
}
