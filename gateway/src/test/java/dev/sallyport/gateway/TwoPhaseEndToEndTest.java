package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ScheduledPhase;
import dev.sallyport.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the gateway: a promoted agent's call of a two-phase tool is its soft step; the gateway's
 * own scheduler runs the hard step once the testing clock passes the window. A new agent's call is
 * a dry run and schedules nothing.
 */
class TwoPhaseEndToEndTest {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path temp;
  private GatewayFixture gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(temp);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  @Test
  void aPromotedAgentsCallRunsTheSoftStepNowAndTheGatewayRunsTheHardStepAfterTheWindow()
      throws Exception {
    gateway.standings.promote(ACME, "offboarding-bot");

    GatewayFixture.Response response =
        gateway.action("offboarding-bot", "directory.disable_user", Map.of("user_id", "u-9"));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.map()).containsEntry("status", "executed");
    String action = (String) response.map().get("action_id");
    assertThat(gateway.phases.find(ACME, action).orElseThrow().state())
        .isEqualTo(ScheduledPhase.State.SCHEDULED);
    assertThat(gateway.upstream.received())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly("POST /directory/users/u-9/disable");

    gateway.clock.advance(Duration.ofMinutes(5));
    Eventually.until(
        "the hard step has finished",
        () ->
            gateway.phases.find(ACME, action).orElseThrow().state()
                == ScheduledPhase.State.HARD_FINISHED);

    assertThat(gateway.upstream.received())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly("POST /directory/users/u-9/disable", "DELETE /directory/users/u-9");
    assertThat(gateway.sqliteAudit.read(ACME, 0, 200))
        .extracting(AuditEvent::type)
        .contains("action.phase.hard_scheduled", "action.phase.hard");
  }

  @Test
  void aNewAgentsCallIsADryRunAndSchedulesNothing() throws Exception {
    GatewayFixture.Response response =
        gateway.action("offboarding-bot", "directory.disable_user", Map.of("user_id", "u-9"));

    assertThat(response.map())
        .containsEntry("decision", "dry_run")
        .containsEntry("rules", java.util.List.of("invariant.new_agent"));
    assertThat(gateway.upstream.received()).isEmpty();
    assertThat(
            gateway.phases.inState(
                dev.sallyport.model.TenantId.of("acme"), ScheduledPhase.State.SCHEDULED))
        .isEmpty();
  }
}
