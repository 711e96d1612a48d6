package dev.sallyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.config.Deployment;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ScheduledPhase;
import dev.sallyport.store.sqlite.SqliteAgentStandings;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import dev.sallyport.testing.ExampleDeployments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agents promote} and {@code actions reinstate}: what they refuse and why, and that they
 * only write the database (the gateway, the ledger's one writer, records the effect).
 */
class AgentsAndActionsCommandTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant SINCE = Instant.parse("2026-11-02T00:00:00Z");

  @TempDir Path temp;
  private Path config;
  private Path data;
  private Deployment deployment;

  @BeforeEach
  void copyQuickstart() throws Exception {
    config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    data = temp.resolve("data");
    deployment = Loading.deployment(config);
    SqliteDatabase.open(data);
  }

  private AgentsCommand.Answer promote(String agent, Instant now) {
    try (SqliteAgentStandings standings = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      return AgentsCommand.promote(deployment, standings, ACME, agent, "admin", now);
    }
  }

  @Test
  void refusesToPromoteBeforeTheObservationPeriodIsOver() {
    // offboarding-bot's dry run began on 2026-11-02 (since:); seven days later it may be promoted.
    AgentsCommand.Answer early =
        promote("offboarding-bot", SINCE.plus(Duration.ofDays(7)).minusMillis(1));
    assertThat(early.exit()).isEqualTo(Loading.REFUSED);
    assertThat(early.message()).contains("can be promoted from 2026-11-09T00:00:00Z");

    AgentsCommand.Answer onTime = promote("offboarding-bot", SINCE.plus(Duration.ofDays(7)));
    assertThat(onTime.exit()).isZero();
    assertThat(onTime.message()).contains("written");
  }

  @Test
  void anAgentWithoutSinceIsObservedFromItsFirstCall() throws Exception {
    Files.writeString(
        config.resolve("tenants/acme/tenant.yaml"),
        Files.readString(config.resolve("tenants/acme/tenant.yaml"))
            .replace("    since: 2026-11-02\n", ""));
    deployment = Loading.deployment(config);
    Instant firstCall = Instant.parse("2026-11-20T10:00:00Z");

    assertThat(promote("offboarding-bot", firstCall).message()).contains("has made no call yet");

    try (SqliteAgentStandings gateway = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      assertThat(gateway.isPromoted(ACME, "offboarding-bot", firstCall)).isFalse();
    }
    assertThat(promote("offboarding-bot", firstCall.plus(Duration.ofDays(6))).exit())
        .isEqualTo(Loading.REFUSED);
    assertThat(promote("offboarding-bot", firstCall.plus(Duration.ofDays(7))).exit()).isZero();
  }

  @Test
  void refusesToPromoteAnAgentThatConfigurationKeepsInDryRun() throws Exception {
    Files.writeString(
        config.resolve("tenants/acme/tenant.yaml"),
        Files.readString(config.resolve("tenants/acme/tenant.yaml"))
            .replace("    since: 2026-11-02\n", "    since: 2026-11-02\n    mode: dry_run\n"));
    deployment = Loading.deployment(config);

    AgentsCommand.Answer answer = promote("offboarding-bot", Instant.parse("2026-12-01T00:00:00Z"));

    assertThat(answer.exit()).isEqualTo(Loading.REFUSED);
    assertThat(answer.message()).contains("mode: dry_run");
  }

  @Test
  void refusesUnknownAgents() {
    assertThat(promote("ghost-bot", Instant.now()).message()).contains("no agent ghost-bot");
  }

  @Test
  void aPromotionTakesEffectWhenTheGatewayRecordsItAndNeverBefore() throws Exception {
    int exit =
        run(
            "agents",
            "promote",
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--tenant",
            "acme",
            "--agent",
            "offboarding-bot",
            "--by",
            "irene@acme.example");
    assertThat(exit).isZero();
    try (SqliteAgentStandings standings = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      assertThat(standings.isPromoted(ACME, "offboarding-bot", Instant.now())).isFalse();
    }

    DevelopmentIssuer.initialise(deployment);
    try (EmbeddedGateway gateway = EmbeddedGateway.start(deployment, data, "127.0.0.1", 0)) {
      assertThat(gateway.standings().isPromoted(ACME, "offboarding-bot", Instant.now())).isTrue();
      assertThat(gateway.audit().read(ACME, 0, (int) gateway.audit().size(ACME)))
          .filteredOn(e -> e.type().equals("agent.promoted"))
          .singleElement()
          .satisfies(e -> {
            assertThat(e.actor()).isEqualTo("irene@acme.example");
            assertThat(e.reason()).isEqualTo("agent:offboarding-bot");
          });
    }
  }

  @Test
  void reinstatesOnlyWithinTheWindow() {
    Instant now = Instant.parse("2026-11-20T10:00:00Z");
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      for (String action : new String[] {"a-1", "a-2"}) {
        phases.schedule(
            ScheduledPhase.scheduled(
                ACME,
                action,
                "directory.disable_user",
                "offboarding-bot",
                Map.of("user_id", "u-1"),
                "v1",
                now.plus(Duration.ofMinutes(5))));
      }

      assertThat(ActionsCommand.reinstate(phases, ACME, "a-1", "irene", now).exit()).isZero();
      assertThat(ActionsCommand.reinstate(phases, ACME, "a-1", "irene", now).message())
          .contains("cannot be reinstated: it is reinstate_requested");
      assertThat(
              ActionsCommand.reinstate(
                      phases, ACME, "a-2", "irene", now.plus(Duration.ofMinutes(5)))
                  .message())
          .contains("window of action a-2 closed");
      assertThat(ActionsCommand.reinstate(phases, ACME, "a-3", "irene", now).message())
          .contains("no two-phase action a-3");
    }
  }

  private static int run(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      return Main.run(args);
    } finally {
      System.setOut(out);
    }
  }
}
