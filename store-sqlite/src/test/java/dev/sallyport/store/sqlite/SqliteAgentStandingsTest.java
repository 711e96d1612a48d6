package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.TenantId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents' first sight and promotion on SQLite, across restarts and processes. */
class SqliteAgentStandingsTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");

  @TempDir Path data;

  @Test
  void remembersWhenAnAgentWasFirstSeenAndNeverMovesIt() {
    try (SqliteAgentStandings standings = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      assertThat(standings.isPromoted(ACME, "bot", NOW)).isFalse();
      assertThat(standings.isPromoted(ACME, "bot", NOW.plusSeconds(60))).isFalse();
    }
    try (SqliteAgentStandings reopened = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      assertThat(reopened.isPromoted(ACME, "bot", NOW.plusSeconds(3600))).isFalse();
      assertThat(reopened.find(ACME, "bot").orElseThrow().firstSeen()).contains(NOW);
    }
  }

  @Test
  void aWrittenPromotionTakesEffectOnlyOnceRecorded() {
    try (SqliteAgentStandings gateway = new SqliteAgentStandings(SqliteDatabase.open(data));
        SqliteAgentStandings cli = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      assertThat(gateway.isPromoted(ACME, "bot", NOW)).isFalse();

      assertThat(cli.requestPromotion(ACME, "bot", "admin@acme.example", NOW.plusSeconds(5)))
          .isTrue();
      assertThat(gateway.isPromoted(ACME, "bot", NOW.plusSeconds(6))).isFalse();
      assertThat(gateway.unrecordedPromotions(GLOBEX)).isEmpty();
      assertThat(gateway.unrecordedPromotions(ACME))
          .singleElement()
          .satisfies(s -> {
            assertThat(s.agent()).isEqualTo("bot");
            assertThat(s.promotedBy()).contains("admin@acme.example");
          });

      gateway.markRecorded(ACME, "bot", NOW.plusSeconds(7));

      assertThat(gateway.isPromoted(ACME, "bot", NOW.plusSeconds(8))).isTrue();
      assertThat(gateway.unrecordedPromotions(ACME)).isEmpty();
    }
    try (SqliteAgentStandings reopened = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      assertThat(reopened.isPromoted(ACME, "bot", NOW.plusSeconds(9))).isTrue();
      assertThat(reopened.isPromoted(GLOBEX, "bot", NOW.plusSeconds(9))).isFalse();
    }
  }

  @Test
  void aSecondPromotionIsNotWrittenTwice() {
    try (SqliteAgentStandings standings = new SqliteAgentStandings(SqliteDatabase.open(data))) {
      assertThat(standings.requestPromotion(ACME, "bot", "first", NOW)).isTrue();
      assertThat(standings.requestPromotion(ACME, "bot", "second", NOW.plusSeconds(1))).isFalse();

      assertThat(standings.find(ACME, "bot").orElseThrow().promotedBy()).contains("first");
      // Promoted before it was ever seen (its period came from since: in the configuration).
      assertThat(standings.find(ACME, "bot").orElseThrow().firstSeen()).isEqualTo(Optional.empty());
    }
  }
}
