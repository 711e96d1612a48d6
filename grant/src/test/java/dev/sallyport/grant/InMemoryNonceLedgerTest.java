package dev.sallyport.grant;

import static dev.sallyport.grant.GrantFixture.ACME;
import static dev.sallyport.grant.GrantFixture.GLOBEX;
import static dev.sallyport.grant.GrantFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.testing.TestingClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryNonceLedgerTest {
  private static final String NONCE = "AAECAwQFBgcICQoLDA0ODw";
  private final TestingClock clock = new TestingClock(NOW);

  @Test
  void refusesANonceSeenBefore() throws Exception {
    InMemoryNonceLedger ledger = new InMemoryNonceLedger(clock, 10);
    ledger.consume(ACME, NONCE, NOW.plusSeconds(65));

    assertThatThrownBy(() -> ledger.consume(ACME, NONCE, NOW.plusSeconds(65)))
        .isInstanceOf(NonceReplayedException.class);
  }

  @Test
  void keepsTenantsApart() throws Exception {
    InMemoryNonceLedger ledger = new InMemoryNonceLedger(clock, 10);
    ledger.consume(ACME, NONCE, NOW.plusSeconds(65));
    ledger.consume(GLOBEX, NONCE, NOW.plusSeconds(65));
    ledger.consume(GLOBEX, "BBECAwQFBgcICQoLDA0ODw", NOW.plusSeconds(65));

    assertThat(ledger.size(ACME)).isEqualTo(1);
    assertThat(ledger.size(GLOBEX)).isEqualTo(2);
  }

  @Test
  void keepsANonceUntilItsExpiryAndDropsItAfter() throws Exception {
    InMemoryNonceLedger ledger = new InMemoryNonceLedger(clock, 10);
    ledger.consume(ACME, NONCE, NOW.plusSeconds(65));

    clock.advance(Duration.ofSeconds(65));
    assertThatThrownBy(() -> ledger.consume(ACME, NONCE, NOW.plusSeconds(65)))
        .isInstanceOf(NonceReplayedException.class);

    clock.advance(Duration.ofMillis(1));
    ledger.consume(ACME, "BBECAwQFBgcICQoLDA0ODw", NOW.plusSeconds(200));
    assertThat(ledger.size(ACME)).isEqualTo(1);
  }

  @Test
  void failsClosedWhenFullOfUnexpiredNonces() throws Exception {
    InMemoryNonceLedger ledger = new InMemoryNonceLedger(clock, 1);
    ledger.consume(ACME, NONCE, NOW.plusSeconds(65));

    assertThatThrownBy(() -> ledger.consume(ACME, "BBECAwQFBgcICQoLDA0ODw", NOW.plusSeconds(65)))
        .isInstanceOf(IllegalStateException.class);

    clock.advance(Duration.ofSeconds(66));
    ledger.consume(ACME, "BBECAwQFBgcICQoLDA0ODw", NOW.plusSeconds(200));
  }
}
