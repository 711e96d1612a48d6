package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.grant.NonceReplayedException;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code NonceLedger} contract on SQLite, restart included. */
class SqliteNonceLedgerTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String NONCE = "AAECAwQFBgcICQoLDA0ODw";

  @TempDir Path data;
  final TestingClock clock = new TestingClock(NOW);

  @Test
  void consumesANonceOnceAndRefusesItAfterARestart() throws Exception {
    try (SqliteNonceLedger nonces = new SqliteNonceLedger(SqliteDatabase.open(data), clock)) {
      nonces.consume(ACME, NONCE, NOW.plusSeconds(65));
      assertThatThrownBy(() -> nonces.consume(ACME, NONCE, NOW.plusSeconds(65)))
          .isInstanceOf(NonceReplayedException.class);
    }

    try (SqliteNonceLedger reopened = new SqliteNonceLedger(SqliteDatabase.open(data), clock)) {
      assertThatThrownBy(() -> reopened.consume(ACME, NONCE, NOW.plusSeconds(65)))
          .isInstanceOf(NonceReplayedException.class);
    }
  }

  @Test
  void keepsTenantsApart() throws Exception {
    try (SqliteNonceLedger nonces = new SqliteNonceLedger(SqliteDatabase.open(data), clock)) {
      nonces.consume(ACME, NONCE, NOW.plusSeconds(65));

      assertThatCode(() -> nonces.consume(GLOBEX, NONCE, NOW.plusSeconds(65)))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void keepsANonceUntilItsGrantExpiresAndDropsItAfter() throws Exception {
    try (SqliteNonceLedger nonces = new SqliteNonceLedger(SqliteDatabase.open(data), clock)) {
      nonces.consume(ACME, NONCE, NOW.plusSeconds(65));

      clock.advance(Duration.ofSeconds(65));
      assertThat(nonces.purgeExpired(ACME)).isZero();
      assertThat(nonces.size(ACME)).isEqualTo(1);

      clock.advance(Duration.ofMillis(1));
      assertThat(nonces.purgeExpired(ACME)).isEqualTo(1);
      assertThat(nonces.size(ACME)).isZero();
    }
  }

  @Test
  void purgesAndCountsOnlyTheTenantItIsGiven() throws Exception {
    try (SqliteNonceLedger nonces = new SqliteNonceLedger(SqliteDatabase.open(data), clock)) {
      nonces.consume(ACME, NONCE, NOW.plusSeconds(5));
      nonces.consume(GLOBEX, NONCE, NOW.plusSeconds(5));
      clock.advance(Duration.ofSeconds(10));

      assertThat(nonces.purgeExpired(ACME)).isEqualTo(1);

      assertThat(nonces.size(ACME)).isZero();
      assertThat(nonces.size(GLOBEX)).isEqualTo(1);
    }
  }

  @Test
  void consumingPurgesExpiredNoncesOnItsWayAtMostOncePerInterval() throws Exception {
    try (SqliteNonceLedger nonces = new SqliteNonceLedger(SqliteDatabase.open(data), clock)) {
      nonces.consume(ACME, "AAAAAAAAAAAAAAAAAAAAAA", NOW.plusSeconds(5));
      clock.advance(Duration.ofSeconds(10));
      nonces.consume(ACME, "AQAAAAAAAAAAAAAAAAAAAA", NOW.plusSeconds(75));
      assertThat(nonces.size(ACME)).isEqualTo(2);

      clock.advance(SqliteNonceLedger.PURGE_INTERVAL);
      nonces.consume(ACME, "AgAAAAAAAAAAAAAAAAAAAA", NOW.plusSeconds(200));

      assertThat(nonces.size(ACME)).isEqualTo(2);
    }
  }

  @Test
  void ofConcurrentConsumersAcrossConnectionsExactlyOneWins() throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    List<SqliteNonceLedger> ledgers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ledgers.add(new SqliteNonceLedger(database, clock));
    }
    try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (SqliteNonceLedger ledger : ledgers) {
        results.add(
            threads.submit(() -> {
              try {
                ledger.consume(ACME, NONCE, NOW.plusSeconds(65));
                return true;
              } catch (NonceReplayedException e) {
                return false;
              }
            }));
      }
      long winners = 0;
      for (Future<Boolean> result : results) {
        winners += result.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      ledgers.forEach(SqliteNonceLedger::close);
    }
  }

  @Test
  void failsClosedWhenTheDatabaseIsGone() {
    SqliteNonceLedger nonces = new SqliteNonceLedger(SqliteDatabase.open(data), clock);
    nonces.close();

    assertThatThrownBy(() -> nonces.consume(ACME, NONCE, NOW.plusSeconds(65)))
        .isInstanceOf(StoreException.class);
  }
}
