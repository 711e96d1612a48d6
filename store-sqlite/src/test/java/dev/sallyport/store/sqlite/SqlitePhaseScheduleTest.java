package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ScheduledPhase;
import dev.sallyport.policy.ScheduledPhase.State;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code PhaseSchedule} contract on SQLite: durable, and every move made exactly once. */
class SqlitePhaseScheduleTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant DUE = NOW.plusSeconds(300);
  private static final Map<String, Object> ARGUMENTS =
      Map.of("user_id", "u-1042", "reason", "left", "weight", 12.5, "count", 3);

  @TempDir Path data;

  private static ScheduledPhase phase(String action, Instant due) {
    return ScheduledPhase.scheduled(
        ACME, action, "directory.disable_user", "offboarding-bot", ARGUMENTS, "v1", due);
  }

  @Test
  void keepsTheExactCallAcrossARestart() {
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      phases.schedule(phase("a-1", DUE));
    }
    try (SqlitePhaseSchedule reopened = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      ScheduledPhase found = reopened.find(ACME, "a-1").orElseThrow();
      assertThat(found.state()).isEqualTo(State.SCHEDULED);
      assertThat(found.dueAt()).isEqualTo(DUE);
      assertThat(found.actor()).isEqualTo("offboarding-bot");
      // The later steps are granted for the same arguments digest as the soft step.
      assertThat(CanonicalJson.sha256Hex(found.arguments()))
          .isEqualTo(CanonicalJson.sha256Hex(ARGUMENTS));
    }
  }

  @Test
  void eachTenantSeesOnlyItsOwnSteps() {
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      phases.schedule(phase("a-1", NOW.minusSeconds(1)));
      phases.schedule(
          ScheduledPhase.scheduled(
              GLOBEX,
              "g-1",
              "directory.disable_user",
              "offboarding-bot",
              ARGUMENTS,
              "v1",
              NOW.minusSeconds(1)));

      assertThat(phases.ready(ACME, NOW, 10))
          .extracting(ScheduledPhase::actionId)
          .containsExactly("a-1");
      assertThat(phases.inState(GLOBEX, State.SCHEDULED))
          .extracting(ScheduledPhase::actionId)
          .containsExactly("g-1");
      assertThat(phases.find(ACME, "g-1")).isEmpty();
      assertThat(phases.requestReinstate(ACME, "g-1", "irene", NOW)).isFalse();
      assertThat(phases.transition(ACME, "g-1", State.SCHEDULED, State.HARD_RUNNING)).isFalse();
      assertThat(phases.find(GLOBEX, "g-1").orElseThrow().state()).isEqualTo(State.SCHEDULED);
    }
  }

  @Test
  void refusesToScheduleAnActionTwice() {
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      phases.schedule(phase("a-1", DUE));

      assertThatThrownBy(() -> phases.schedule(phase("a-1", DUE.plusSeconds(1))))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void readyHoldsDueHardStepsAndEveryReinstateRequest() {
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      phases.schedule(phase("due", NOW.minusSeconds(1)));
      phases.schedule(phase("at-due", NOW));
      phases.schedule(phase("later", DUE));
      phases.schedule(phase("reinstated", DUE.plusSeconds(60)));
      assertThat(phases.requestReinstate(ACME, "reinstated", "irene", NOW)).isTrue();

      assertThat(phases.ready(ACME, NOW, 10))
          .extracting(ScheduledPhase::actionId)
          .containsExactly("reinstated", "due", "at-due");
      assertThat(phases.find(ACME, "reinstated").orElseThrow().reinstateRequestedBy())
          .contains("irene");
    }
  }

  @Test
  void reinstatesOnlyWithinTheWindowAndOnlyWhileScheduled() {
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      phases.schedule(phase("a-1", DUE));
      phases.schedule(phase("a-2", DUE));

      // < due: taken; == due: the window has closed.
      assertThat(phases.requestReinstate(ACME, "a-1", "irene", DUE.minusMillis(1))).isTrue();
      assertThat(phases.requestReinstate(ACME, "a-2", "irene", DUE)).isFalse();
      assertThat(phases.requestReinstate(ACME, "a-1", "irene", NOW)).isFalse();
      assertThat(phases.requestReinstate(ACME, "unknown", "irene", NOW)).isFalse();

      assertThat(phases.transition(ACME, "a-2", State.SCHEDULED, State.HARD_RUNNING)).isTrue();
      assertThat(phases.requestReinstate(ACME, "a-2", "irene", NOW)).isFalse();
    }
  }

  @Test
  void ofConcurrentContendersExactlyOneTakesAHardStep() throws Exception {
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      phases.schedule(phase("a-1", NOW));
    }
    List<SqlitePhaseSchedule> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      processes.add(new SqlitePhaseSchedule(SqliteDatabase.open(data)));
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> takes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SqlitePhaseSchedule process = processes.get(i);
        boolean reinstate = i % 2 == 0;
        takes.add(
            threads.submit(() ->
                reinstate
                    ? process.requestReinstate(ACME, "a-1", "irene", NOW.minusSeconds(1))
                    : process.transition(ACME, "a-1", State.SCHEDULED, State.HARD_RUNNING)));
      }
      int winners = 0;
      for (Future<Boolean> take : takes) {
        winners += take.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      processes.forEach(SqlitePhaseSchedule::close);
    }
  }

  @Test
  void listsWhatAStoppedProcessLeftHalfDone() {
    try (SqlitePhaseSchedule phases = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      phases.schedule(phase("a-1", NOW));
      phases.schedule(phase("a-2", NOW));
      phases.transition(ACME, "a-1", State.SCHEDULED, State.HARD_RUNNING);
    }
    try (SqlitePhaseSchedule reopened = new SqlitePhaseSchedule(SqliteDatabase.open(data))) {
      assertThat(reopened.inState(ACME, State.HARD_RUNNING))
          .extracting(ScheduledPhase::actionId)
          .containsExactly("a-1");
    }
  }
}
