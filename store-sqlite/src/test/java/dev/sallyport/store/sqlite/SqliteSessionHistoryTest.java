package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
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
}
