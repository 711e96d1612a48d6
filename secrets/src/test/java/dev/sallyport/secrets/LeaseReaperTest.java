package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeaseReaperTest {
  private static final TenantId ACME = TenantId.of("acme");

  @Test
  void revokesAnExpiredLeaseOnItsOwnThread() throws Exception {
    TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
    CountDownLatch revoked = new CountDownLatch(1);
    LeaseAudit audit =
        event -> {
          if (event instanceof LeaseEvent.Revoked r
              && r.cause() == LeaseEvent.RevocationCause.EXPIRED) {
            revoked.countDown();
          }
        };
    try (CredentialBroker broker =
        new CredentialBroker(
            List.of(new EnvironmentSecretStore(Map.of("SALLYPORT_ACME__T", "v"))),
            TenantPaths.defaults(),
            LeaseSettings.defaults(),
            audit,
            clock)) {
      Lease lease = broker.lease(ACME, SecretReference.parse("env:SALLYPORT_ACME__T"));
      clock.advance(Duration.ofSeconds(61));

      try (LeaseReaper reaper = LeaseReaper.start(broker, Duration.ofMillis(10))) {
        assertThat(revoked.await(10, TimeUnit.SECONDS)).isTrue();
      }

      assertThat(lease.isClosed()).isTrue();
      assertThat(broker.openLeases()).isZero();
    }
  }

  @Test
  void refusesANonPositiveInterval() {
    try (CredentialBroker broker =
        new CredentialBroker(
            List.of(),
            TenantPaths.defaults(),
            LeaseSettings.defaults(),
            event -> {},
            new TestingClock(Instant.parse("2026-01-01T00:00:00Z")))) {
      assertThatThrownBy(() -> LeaseReaper.start(broker, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
