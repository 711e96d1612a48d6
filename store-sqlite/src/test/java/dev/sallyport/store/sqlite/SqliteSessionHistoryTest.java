package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.SessionHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionHistoryTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  @TempDir Path data;

  @Test
  void countsAndSumsCallsInsideTheWindowOnly() {
    try (SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data))) {
      history.recordCall(
          ACME, "s1", "pay", Map.of("amount", 100L, "memo", "x"), NOW.minus(Duration.ofHours(2)));
      history.recordCall(
          ACME, "s1", "pay", Map.of("amount", 250.5), NOW.minus(Duration.ofMinutes(10)));
      history.recordCall(ACME, "s1", "mail", Map.of("amount", 9999L), NOW);

      Instant hourAgo = NOW.minus(Duration.ofHours(1));
      assertThat(history.calls(ACME, "s1", "pay", hourAgo)).isEqualTo(1);
      assertThat(history.calls(ACME, "s1", "pay", NOW.minus(Duration.ofDays(1)))).isEqualTo(2);
      assertThat(history.sum(ACME, "s1", "pay", "amount", hourAgo)).isEqualTo(250.5);
      assertThat(history.sum(ACME, "s1", "pay", "amount", NOW.minus(Duration.ofDays(1))))
          .isEqualTo(350.5);
      assertThat(history.sum(ACME, "s1", "pay", "memo", NOW.minus(Duration.ofDays(1)))).isZero();
    }
  }

  @Test
  void keepsTenantsAndSessionsApart() {
    try (SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data))) {
      history.recordCall(ACME, "s1", "pay", Map.of(), NOW);
      history.markTainted(ACME, "s1", NOW);
      history.recordApproval(ACME, "s1", "big-payment", NOW);

      assertThat(history.calls(GLOBEX, "s1", "pay", NOW.minusSeconds(1))).isZero();
      assertThat(history.calls(ACME, "s2", "pay", NOW.minusSeconds(1))).isZero();
      assertThat(history.tainted(ACME, "s1")).isTrue();
      assertThat(history.tainted(GLOBEX, "s1")).isFalse();
      assertThat(history.approved(ACME, "s1", "big-payment")).isTrue();
      assertThat(history.approved(ACME, "s2", "big-payment")).isFalse();
    }
  }

  @Test
  void survivesARestart() {
    try (SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data))) {
      history.markTainted(ACME, "s1", NOW);
    }
    try (SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data))) {
      assertThat(history.tainted(ACME, "s1")).isTrue();
    }
  }

  @Test
  void throwsWhenTheDatabaseIsGone() {
    SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data));
    history.close();

    assertThatThrownBy(() -> history.tainted(ACME, "s1")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> history.calls(ACME, "s1", "pay", NOW))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> history.recordCall(ACME, "s1", "pay", Map.of(), NOW))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void provenanceFlagsAndTasksSurviveARestartAndStayInTheirSession() {
    try (SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data))) {
      assertThat(history.startWithTask(ACME, "s1", java.util.Set.of("f-task"), NOW))
          .isEqualTo(SessionHistory.TaskAdmission.ACCEPTED);
      history.recordTrustedValues(ACME, "s1", java.util.Set.of("f-a", "f-b"), NOW);
      history.flagInjectionSuspected(ACME, "s1", NOW);
      history.flagInjectionSuspected(ACME, "s1", NOW);
    }
    try (SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data))) {
      assertThat(history.allTraced(ACME, "s1", java.util.Set.of("f-task", "f-a", "f-b"))).isTrue();
      assertThat(history.allTraced(ACME, "s1", java.util.Set.of("f-a", "f-c"))).isFalse();
      assertThat(history.allTraced(GLOBEX, "s1", java.util.Set.of("f-a"))).isFalse();
      assertThat(history.allTraced(ACME, "s2", java.util.Set.of("f-a"))).isFalse();
      assertThat(history.injectionSuspected(ACME, "s1")).isTrue();
      assertThat(history.injectionSuspected(ACME, "s2")).isFalse();
      assertThat(history.startWithTask(ACME, "s1", java.util.Set.of("f-x"), NOW))
          .isEqualTo(SessionHistory.TaskAdmission.TASK_ALREADY_GIVEN);
      assertThat(history.allTraced(ACME, "s1", java.util.Set.of("f-x"))).isFalse();
    }
  }

  @Test
  void aTaskIsRefusedAfterACallOrTheTaint() {
    try (SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data))) {
      history.recordCall(ACME, "called", "invoices.list", Map.of(), NOW);
      history.markTainted(ACME, "tainted", NOW);

      assertThat(history.startWithTask(ACME, "called", java.util.Set.of("f"), NOW))
          .isEqualTo(SessionHistory.TaskAdmission.SESSION_ALREADY_STARTED);
      assertThat(history.startWithTask(ACME, "tainted", java.util.Set.of("f"), NOW))
          .isEqualTo(SessionHistory.TaskAdmission.TAINTED);
      assertThat(history.allTraced(ACME, "called", java.util.Set.of("f"))).isFalse();
      assertThat(history.allTraced(ACME, "tainted", java.util.Set.of("f"))).isFalse();
      // Another tenant's session of the same name is untouched.
      assertThat(history.startWithTask(GLOBEX, "called", java.util.Set.of("f"), NOW))
          .isEqualTo(SessionHistory.TaskAdmission.ACCEPTED);
    }
  }

  @Test
  void provenanceLookupsFailLoudlyOnceTheDatabaseIsClosed() {
    SqliteSessionHistory history = new SqliteSessionHistory(SqliteDatabase.open(data));
    history.close();

    assertThatThrownBy(() -> history.allTraced(ACME, "s1", java.util.Set.of("f")))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> history.injectionSuspected(ACME, "s1"))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> history.startWithTask(ACME, "s1", java.util.Set.of("f"), NOW))
        .isInstanceOf(StoreException.class);
  }
}
