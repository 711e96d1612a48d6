package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.Deployment;
import dev.sallyport.executor.ActionExecutor;
import dev.sallyport.executor.DryRunRequest;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.executor.ExecutionRequest;
import dev.sallyport.executor.ExecutorAudit;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.VerifyingExecutor;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.gateway.phase.TwoPhaseActions;
import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.policy.ScheduledPhase;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteNonceLedger;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-phase destructive operations on the quickstart's {@code directory.disable_user}, with the
 * real executor, SQLite and an HTTP directory: the soft step at once, the hard step after the
 * window (driven by a testing clock, never by sleeping), reinstatement, restarts and crashes.
 */
class TwoPhaseActionsTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
  private static final String TOOL = "directory.disable_user";
  private static final Map<String, Object> ARGS = Map.of("user_id", "u-7", "reason", "left");
  private static final Duration WINDOW = Duration.ofMinutes(5);

  @TempDir Path temp;
  private final TestingClock clock = new TestingClock(START);
  private final SecureRandom random = new SecureRandom();
  private final InMemoryKillSwitches kills = new InMemoryKillSwitches();
  private final HttpClient http = HttpClient.newHttpClient();
  private final GatewayServer.Grants grants = GatewayServer.Grants.ephemeral(clock);
  private final FakeUpstream upstream;
  private Deployment deployment;
  private SqliteDatabase database;
  private SqliteAuditLog audit;
  private SqliteNonceLedger nonces;
  private SqlitePhaseSchedule phases;
  private ActionExecutor executor;
  private TwoPhaseActions actions;

  TwoPhaseActionsTest() throws Exception {
    upstream = new FakeUpstream();
  }

  /** Starts (or, after {@link #stop}, restarts) the gateway's side over the same data folder. */
  private void start(String directoryUrl) throws Exception {
    if (deployment == null) {
      Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
      ExampleDeployments.edit(
          config, "tenants/acme/tenant.yaml", "http://127.0.0.1:9801/directory", directoryUrl);
      deployment = GatewayFixture.load(config);
    }
    database = SqliteDatabase.open(temp.resolve("data"));
    audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    nonces = new SqliteNonceLedger(database, clock);
    phases = new SqlitePhaseSchedule(database);
    ExecutorCatalog catalog = ExecutorCatalog.from(deployment, http, new ObjectMapper());
    TimeOrderedIds ids = new TimeOrderedIds(clock, random);
    executor =
        new VerifyingExecutor(
            catalog,
            new GrantVerifier(grants.verifyingKeys(), nonces, clock, Duration.ofSeconds(5)),
            new ExecutorAudit(audit, clock, ids),
            CredentialSource.none());
    actions = twoPhase(catalog, executor);
  }

  private TwoPhaseActions twoPhase(ExecutorCatalog catalog, ActionExecutor sender) {
    return new TwoPhaseActions(
        deployment.policies(),
        phases,
        catalog,
        new GrantSigner(grants.signingKeys(), clock, random, Duration.ofSeconds(60)),
        sender,
        kills,
        audit,
        clock,
        new TimeOrderedIds(clock, random));
  }

  private void start() throws Exception {
    start(upstream.baseUrl() + "/directory");
  }

  private void stop() {
    phases.close();
    nonces.close();
    audit.close();
  }

  @AfterEach
  void close() {
    stop();
    upstream.close();
    http.close();
  }

  /** The soft step, as the pipeline runs it: granted, through the scheduling executor. */
  private ExecutionOutcome soft(String action) throws Exception {
    ExecutorCatalog catalog = ExecutorCatalog.from(deployment, http, new ObjectMapper());
    String packet =
        new GrantSigner(grants.signingKeys(), clock, random)
            .sign(
                ExpectedCall.of(ACME, action, TOOL, ARGS, catalog.recipient(ACME, TOOL, ARGS)),
                deployment.policies().get(ACME).version())
            .packet();
    return actions
        .schedulingAfterSoftSteps(executor)
        .execute(new ExecutionRequest(packet, ACME, action, "offboarding-bot", TOOL, ARGS));
  }

  private List<String> sent() {
    return upstream.received().stream().map(r -> r.method() + " " + r.path()).toList();
  }

  private List<AuditEvent> events() {
    return audit.read(ACME, 0, (int) audit.size(ACME));
  }

  private ScheduledPhase.State state(String action) {
    return phases.find(ACME, action).orElseThrow().state();
  }

  @Test
  void theSoftStepRunsAtOnceAndTheHardStepExactlyWhenTheWindowEnds() throws Exception {
    start();

    assertThat(soft("a-1")).isInstanceOf(ExecutionOutcome.Dispatched.class);
    assertThat(sent()).containsExactly("POST /directory/users/u-7/disable");
    assertThat(phases.find(ACME, "a-1").orElseThrow().dueAt()).isEqualTo(START.plus(WINDOW));

    assertThat(actions.runReady()).isZero();
    clock.advance(WINDOW.minusMillis(1));
    assertThat(actions.runReady()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(actions.runReady()).isOne();

    assertThat(sent())
        .containsExactly("POST /directory/users/u-7/disable", "DELETE /directory/users/u-7");
    assertThat(state("a-1")).isEqualTo(ScheduledPhase.State.HARD_FINISHED);
    assertThat(events())
        .extracting(e -> e.type() + " " + e.tool().orElse("") + " " + e.outcome())
        .containsSubsequence(
            "action.dispatching directory.disable_user dispatching",
            "action.result directory.disable_user ok",
            "action.phase.soft directory.disable_user ok",
            "action.phase.hard_scheduled directory.disable_user scheduled",
            "grant.issued directory.disable_user.hard issued",
            "action.dispatching directory.disable_user.hard dispatching",
            "action.result directory.disable_user.hard ok",
            "action.phase.hard directory.disable_user ok");
    assertThat(events()).allSatisfy(e -> assertThat(e.actionId()).contains("a-1"));

    clock.advance(WINDOW);
    assertThat(actions.runReady()).isZero();
    assertThat(sent()).hasSize(2);
  }

  @Test
  void reinstatingWithinTheWindowCancelsTheHardStepAndRunsTheReinstateRequest() throws Exception {
    start();
    soft("a-1");
    clock.advance(Duration.ofMinutes(1));

    assertThat(phases.requestReinstate(ACME, "a-1", "irene@acme.example", clock.instant()))
        .isTrue();
    assertThat(actions.runReady()).isOne();
    clock.advance(WINDOW.multipliedBy(2));
    assertThat(actions.runReady()).isZero();

    assertThat(sent())
        .containsExactly("POST /directory/users/u-7/disable", "POST /directory/users/u-7/enable");
    assertThat(state("a-1")).isEqualTo(ScheduledPhase.State.REINSTATE_FINISHED);
    assertThat(events())
        .filteredOn(e -> e.type().equals("action.phase.reinstated"))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.actor()).isEqualTo("irene@acme.example");
          assertThat(e.outcome()).isEqualTo("ok");
        });
  }

  @Test
  void theWindowClosesWhenItsTimeComes() throws Exception {
    start();
    soft("a-1");
    clock.advance(WINDOW);

    assertThat(phases.requestReinstate(ACME, "a-1", "irene", clock.instant())).isFalse();
    assertThat(actions.runReady()).isOne();
    assertThat(sent()).last().isEqualTo("DELETE /directory/users/u-7");
  }

  @Test
  void aHardStepScheduledBeforeARestartRunsOnceAfterIt() throws Exception {
    start();
    soft("a-1");
    stop();

    start();
    assertThat(actions.recover()).isZero();
    clock.advance(WINDOW);
    assertThat(actions.runReady()).isOne();
    stop();

    start();
    assertThat(actions.recover()).isZero();
    assertThat(actions.runReady()).isZero();
    assertThat(sent())
        .containsExactly("POST /directory/users/u-7/disable", "DELETE /directory/users/u-7");
  }

  @Test
  void aHardStepSentButNotRecordedBeforeACrashIsFlaggedAndNeverRunAgain() throws Exception {
    start();
    soft("a-1");
    clock.advance(WINDOW);
    // The process dies after the executor sent the hard step, before its outcome was recorded.
    ActionExecutor dying =
        new ActionExecutor() {
          @Override
          public ExecutionOutcome execute(ExecutionRequest request) {
            executor.execute(request);
            throw new IllegalStateException("process killed");
          }

          @Override
          public ExecutionOutcome dryRun(DryRunRequest request) {
            return executor.dryRun(request);
          }
        };
    twoPhase(ExecutorCatalog.from(deployment, http, new ObjectMapper()), dying).runReady();
    assertThat(state("a-1")).isEqualTo(ScheduledPhase.State.HARD_RUNNING);
    stop();

    start();
    assertThat(actions.recover()).isOne();
    clock.advance(WINDOW);
    assertThat(actions.runReady()).isZero();

    assertThat(state("a-1")).isEqualTo(ScheduledPhase.State.UNRESOLVED);
    assertThat(sent()).filteredOn(s -> s.startsWith("DELETE")).hasSize(1);
    assertThat(events())
        .filteredOn(e -> e.type().equals("action.phase.unresolved"))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.outcome()).isEqualTo("review");
          assertThat(e.reason()).isEqualTo("hard_interrupted");
        });
  }

  @Test
  void aSoftStepThatFailedSchedulesNothing() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    start("http://127.0.0.1:" + closed + "/directory");

    soft("a-1");

    assertThat(phases.find(ACME, "a-1")).isEmpty();
    assertThat(events())
        .filteredOn(e -> e.type().startsWith("action.phase."))
        .extracting(e -> e.type() + " " + e.outcome())
        .containsExactly("action.phase.soft unreachable");
  }

  @Test
  void aPulledKillSwitchHoldsADueHardStep() throws Exception {
    start();
    soft("a-1");
    kills.pullPrincipal(ACME, "offboarding-bot");
    clock.advance(WINDOW);

    assertThat(actions.runReady()).isZero();
    assertThat(state("a-1")).isEqualTo(ScheduledPhase.State.SCHEDULED);
    assertThat(sent()).containsExactly("POST /directory/users/u-7/disable");
  }

  @Test
  void dryRunsPassThroughTheSchedulingExecutorAndScheduleNothing() throws Exception {
    start();

    ExecutionOutcome outcome =
        actions
            .schedulingAfterSoftSteps(executor)
            .dryRun(new DryRunRequest(ACME, "a-1", "offboarding-bot", TOOL, ARGS));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.DryRun.class);
    assertThat(phases.find(ACME, "a-1")).isEmpty();
    assertThat(sent()).isEmpty();
  }
}
