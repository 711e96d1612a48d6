package dev.sallyport.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.sallyport.config.IssuerSettings;
import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The key cache's rules, driven by a testing clock: refresh, rate limit, maximum age. */
class JwksCacheTest {
  private static final IssuerSettings.KeyRefresh REFRESH =
      new IssuerSettings.KeyRefresh(
          Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1));

  private final TestingClock clock = new TestingClock(Instant.parse("2026-01-05T10:00:00Z"));
  private final ScriptedIdp idp = new ScriptedIdp();
  private final JwksCache cache = new JwksCache("https://idp.example", idp, REFRESH, clock);

  /** An IdP whose key set and availability a test sets; counts the fetches. */
  static final class ScriptedIdp implements KeySetSource {
    final AtomicInteger fetches = new AtomicInteger();
    volatile JWKSet keys = new JWKSet(ec("k1"));
    volatile boolean down;
    volatile Duration latency = Duration.ZERO;

    @Override
    public JWKSet fetch() throws IOException {
      fetches.incrementAndGet();
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (down) {
        throw new IOException("connection refused");
      }
      return keys;
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> kids() throws KeysUnavailableException {
    return cache.keys(Optional.empty()).keys().stream().map(k -> k.jwk().getKeyID()).toList();
  }

  @Test
  void fetchesOnFirstUseAndThenServesFromTheCache() throws Exception {
    assertThat(kids()).containsExactly("k1");
    assertThat(kids()).containsExactly("k1");
    assertThat(cache.keys(Optional.of("k1")).keys()).hasSize(1);

    assertThat(idp.fetches).hasValue(1);
    assertThat(cache.confirmedAt()).contains(clock.instant());
  }

  @Test
  void keepsOnlyPublicKeys() throws Exception {
    assertThat(cache.keys(Optional.empty()).keys().get(0).jwk().isPrivate()).isFalse();
  }

  @Test
  void refreshesOnScheduleOnlyOnceTheIntervalHasPassed() throws Exception {
    kids();
    clock.advance(REFRESH.interval().minusMillis(1));
    cache.refreshIfDue();
    assertThat(idp.fetches).hasValue(1);

    clock.advance(Duration.ofMillis(1));
    cache.refreshIfDue();
    assertThat(idp.fetches).hasValue(2);
  }

  @Test
  void theScheduleFetchesKeysThatWereNeverFetched() {
    cache.refreshIfDue();
    assertThat(idp.fetches).hasValue(1);
  }

  @Test
  void fetchesAgainForAnUnknownKeyIdOncePerMinimumInterval() throws Exception {
    kids();
    idp.keys = new JWKSet(List.of(ec("k1"), ec("k2")));

    clock.advance(REFRESH.minInterval().minusMillis(1));
    assertThat(cache.keys(Optional.of("k2")).hasKeyId("k2")).isFalse();
    assertThat(idp.fetches).hasValue(1);

    clock.advance(Duration.ofMillis(1));
    assertThat(cache.keys(Optional.of("k2")).hasKeyId("k2")).isTrue();
    assertThat(idp.fetches).hasValue(2);
  }

  @Test
  void aFloodOfMadeUpKeyIdsCostsTheIdpOneRequestPerInterval() throws Exception {
    kids();
    clock.advance(REFRESH.minInterval());
    for (int i = 0; i < 1000; i++) {
      cache.keys(Optional.of("forged-" + i));
    }
    assertThat(idp.fetches).hasValue(2);

    clock.advance(REFRESH.minInterval());
    for (int i = 0; i < 1000; i++) {
      cache.keys(Optional.of("forged-again-" + i));
    }
    assertThat(idp.fetches).hasValue(3);
  }

  @Test
  void concurrentCallersWaitForOneFetch() throws Exception {
    idp.latency = Duration.ofMillis(200);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<VerificationKeys>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 32; i++) {
        results.add(
            threads.submit(() -> {
              go.await();
              return cache.keys(Optional.of("k1"));
            }));
      }
      go.countDown();
      for (Future<VerificationKeys> result : results) {
        assertThat(result.get().hasKeyId("k1")).isTrue();
      }
    }
    assertThat(idp.fetches).hasValue(1);
  }

  @Test
  void honoursCachedKeysWhileTheIdpIsDownUpToTheirMaximumAge() throws Exception {
    kids();
    idp.down = true;

    clock.advance(REFRESH.interval());
    cache.refreshIfDue();
    clock.advance(REFRESH.maxKeyAge().minus(REFRESH.interval()));
    assertThat(kids()).containsExactly("k1");

    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(this::kids)
        .isInstanceOf(KeysUnavailableException.class)
        .hasMessage(
            "the issuer's signing keys could not be confirmed for longer than their maximum age");

    // Each refused request does not become a request to the IdP.
    int fetches = idp.fetches.get();
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(this::kids).isInstanceOf(KeysUnavailableException.class);
    }
    assertThat(idp.fetches).hasValue(fetches);

    idp.down = false;
    clock.advance(REFRESH.minInterval());
    assertThat(kids()).containsExactly("k1");
  }

  @Test
  void refusesEverythingWhenTheKeysWereNeverFetched() {
    idp.down = true;

    assertThatThrownBy(this::kids)
        .isInstanceOf(KeysUnavailableException.class)
        .hasMessage("the issuer's signing keys could not be fetched");
    assertThatThrownBy(this::kids).isInstanceOf(KeysUnavailableException.class);
    assertThat(idp.fetches).hasValue(1);
  }

  @Test
  void aKeySetWithoutUsableSigningKeysIsAFailedFetch() throws Exception {
    kids();
    OctetSequenceKey hmac = new OctetSequenceKeyGenerator(256).keyID("k1").generate();
    ECKey encryption = new ECKey.Builder(ec("k3")).keyUse(KeyUse.ENCRYPTION).build();
    idp.keys = new JWKSet(List.of(hmac, encryption));

    clock.advance(REFRESH.interval());
    cache.refreshIfDue();

    assertThat(kids()).containsExactly("k1");
    assertThat(cache.keys(Optional.empty()).keys().get(0).jwk()).isInstanceOf(ECKey.class);
    assertThat(cache.confirmedAt()).contains(clock.instant().minus(REFRESH.interval()));
  }

  @Test
  void aKeyTheIdpWithdrawsIsGoneAtTheNextFetch() throws Exception {
    kids();
    idp.keys = new JWKSet(ec("k2"));

    clock.advance(REFRESH.interval());
    cache.refreshIfDue();

    assertThat(kids()).containsExactly("k2");
  }
}
