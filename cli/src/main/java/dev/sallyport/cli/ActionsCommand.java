package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ScheduledPhase;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sallyport actions}: the two-phase actions waiting for their reinstate window, and
 * reinstating one. A reinstatement cancels the hard step in the data folder's database (one
 * conditional update, so either it or the gateway's scheduler wins, never both) and leaves the
 * reinstate request, and its ledger record, to the gateway. Nothing here writes the ledger, so
 * these commands are safe while {@code serve} runs. Whoever can write the data folder can
 * reinstate; {@code --by} is recorded as given.
 */
@Command(
    name = "actions",
    description = "List two-phase actions in their reinstate window, and reinstate one.",
    subcommands = {ActionsCommand.Reinstate.class, ActionsCommand.Pending.class})
final class ActionsCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Use: sallyport actions reinstate|pending (see --help)");
  }

  /** What a reinstatement came to: an exit code and a line for the operator. */
  record Answer(int exit, String message) {}

  /**
   * Cancels the hard step of {@code action} and asks for its reinstate request, or says why not.
   */
  static Answer reinstate(
      SqlitePhaseSchedule phases, TenantId tenant, String action, String by, Instant now) {
    if (phases.requestReinstate(tenant, action, by, now)) {
      ScheduledPhase phase = phases.find(tenant, action).orElseThrow();
      return new Answer(
          0,
          "action "
              + action
              + " ("
              + phase.tool()
              + "): the hard step due at "
              + phase.dueAt()
              + " is cancelled; the gateway sends the reinstate request and records it (within a"
              + " second while serve runs, else at its next start)");
    }
    Optional<ScheduledPhase> phase = phases.find(tenant, action);
    if (phase.isEmpty()) {
      return new Answer(Loading.REFUSED, "no two-phase action " + action + " in tenant " + tenant);
    }
    if (phase.get().state() == ScheduledPhase.State.SCHEDULED) {
      return new Answer(
          Loading.REFUSED,
          "the reinstate window of action "
              + action
              + " closed at "
              + phase.get().dueAt()
              + ": the hard step is due and runs");
    }
    return new Answer(
        Loading.REFUSED,
        "action "
            + action
            + " cannot be reinstated: it is "
            + phase.get().state().name().toLowerCase(java.util.Locale.ROOT));
  }

  /** {@code actions reinstate}. */
  @Command(
      name = "reinstate",
      description =
          "Within its window: cancel a two-phase action's hard step and run its reinstate request.")
  static final class Reinstate implements Callable<Integer> {
    @Mixin TenantDataOptions target;

    @Option(names = "--action", required = true, description = "The action id.")
    String action;

    @Override
    public Integer call() {
      Optional<TenantDataOptions.Target> resolved = target.resolve(System.err);
      if (resolved.isEmpty()) {
        return Loading.REFUSED;
      }
      TenantDataOptions.Target t = resolved.get();
      try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(t.database())) {
        Answer answer = reinstate(phases, t.tenant(), action, t.by(), Clock.systemUTC().instant());
        (answer.exit() == 0 ? System.out : System.err).println(answer.message());
        return answer.exit();
      }
    }
  }

  /** {@code actions pending}. */
  @Command(
      name = "pending",
      description =
          "Two-phase actions whose hard step is scheduled or being reinstated, tenant by tenant.")
  static final class Pending implements Callable<Integer> {
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
      if (!Files.exists(data.resolve(EmbeddedGateway.DATABASE_FILE))) {
        System.err.println("no gateway database in " + data);
        return Loading.REFUSED;
      }
      try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
        // The store answers one tenant at a time: the deployment names the tenants to ask.
        for (TenantId tenant : deployment.get().tenants().keySet()) {
          for (ScheduledPhase.State state :
              List.of(ScheduledPhase.State.SCHEDULED, ScheduledPhase.State.REINSTATE_REQUESTED)) {
            for (ScheduledPhase phase : phases.inState(tenant, state)) {
              System.out.println(
                  tenant
                      + " "
                      + phase.actionId()
                      + " "
                      + phase.tool()
                      + " "
                      + state.name().toLowerCase(java.util.Locale.ROOT)
                      + " hard step due "
                      + phase.dueAt());
            }
          }
        }
      }
      return 0;
    }
  }
}
