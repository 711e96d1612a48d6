package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.LeaseEvent.RevocationCause;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialBrokerTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final SecretReference DYNAMIC =
      SecretReference.parse("vault-dynamic:database-acme/creds/readonly#password");
  private static final SecretReference DYNAMIC_ALL =
      SecretReference.parse("vault-dynamic:database-acme/creds/readonly");
  private static final SecretReference KV = SecretReference.parse("vault:kv/data/acme/erp#token");
  private static final SecretReference ENV = SecretReference.parse("env:SALLYPORT_ACME__ERP_TOKEN");

  private final TestingClock clock = new TestingClock(NOW);
  private final RecordingLeaseAudit audit = new RecordingLeaseAudit();
  private TestingVault vault;
  private VaultSecretStore vaultStore;
  private CredentialBroker broker;

  @BeforeEach
  void setUp() throws IOException {
    vault = new TestingVault(clock);
    vault.putKv("kv/data/acme/erp", Map.of("token", "erp-s3cret"));
    vault.putKv("kv/data/globex/erp", Map.of("token", "globex-s3cret"));
    vault.putRole(
        "database-acme/creds/readonly",
        new TestingVault.Role(
            Map.of("username", "v-acme", "password", "dyn-pass"),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            true));
    vault.putRole(
        "database-acme/creds/short",
        new TestingVault.Role(
            Map.of("password", "short-pass"),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            true));
    vault.putRole(
        "database-acme/creds/once",
        new TestingVault.Role(
            Map.of("password", "once-pass"), Duration.ofMinutes(10), Duration.ofHours(1), false));
    vault.putRole(
        "database-globex/creds/readonly",
        new TestingVault.Role(
            Map.of("password", "globex-pass"), Duration.ofMinutes(10), Duration.ofHours(1), true));
    vaultStore =
        VaultSecretStore.create(
            VaultSettings.of(vault.address()),
            VaultToken.fromEnvironment(Map.of("VAULT_TOKEN", TestingVault.TOKEN), "VAULT_TOKEN"),
            TenantPaths.defaults());
    broker =
        brokerWith(
            List.of(
                vaultStore,
                new EnvironmentSecretStore(Map.of("SALLYPORT_ACME__ERP_TOKEN", "env-s3cret"))));
  }

  @AfterEach
  void tearDown() {
    broker.close();
    vaultStore.close();
    vault.close();
  }

  @Test
  void leasesJustInTimeAndRevokesRightAfterTheCall() throws Exception {
    String storeLeaseId;
    try (Lease lease = broker.lease(LeaseRequest.of(ACME, DYNAMIC).forAction("act-1"))) {
      assertThat(lease.secret().revealChars()).isEqualTo("dyn-pass".toCharArray());
      storeLeaseId = vault.activeLeases().keySet().iterator().next();
      assertThat(broker.openLeases()).isEqualTo(1);
    }

    assertThat(vault.revokedLeases()).containsExactly(storeLeaseId);
    assertThat(vault.activeLeases()).isEmpty();
    assertThat(broker.openLeases()).isZero();
    assertThat(audit.types()).containsExactly("lease.granted", "lease.revoked");
    LeaseEvent.Granted granted = audit.of(LeaseEvent.Granted.class).getFirst();
    assertThat(granted.actionId()).contains("act-1");
    assertThat(granted.storeLeaseId()).contains(storeLeaseId);
    assertThat(granted.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    LeaseEvent.Revoked revoked = audit.of(LeaseEvent.Revoked.class).getFirst();
    assertThat(revoked.leaseId()).isEqualTo(granted.leaseId());
    assertThat(revoked.cause()).isEqualTo(RevocationCause.CLOSED);
    assertThat(revoked.reasonCode()).isEqualTo("closed");
  }

  @Test
  void revokesWhenTheCallFails() {
    assertThatThrownBy(
            () -> {
              try (Lease lease = broker.lease(ACME, DYNAMIC)) {
                lease.secret();
                throw new IllegalStateException("the tool call failed");
              }
            })
        .hasMessage("the tool call failed");

    assertThat(vault.activeLeases()).isEmpty();
    assertThat(vault.revokedLeases()).hasSize(1);
    assertThat(audit.types()).containsExactly("lease.granted", "lease.revoked");
  }

  @Test
  void closingTwiceRevokesOnce() throws Exception {
    Lease lease = broker.lease(ACME, DYNAMIC);

    lease.close();
    lease.close();

    assertThat(vault.revokedLeases()).hasSize(1);
    assertThat(audit.of(LeaseEvent.Revoked.class)).hasSize(1);
  }

  @Test
  void aClosedLeaseHasWipedItsValue() throws Exception {
    Lease lease = broker.lease(ACME, KV);
    Secret secret = lease.secret();

    lease.close();

    assertThat(lease.isClosed()).isTrue();
    assertThat(secret.isWiped()).isTrue();
    assertThatThrownBy(lease::secret).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(secret::revealChars).isInstanceOf(IllegalStateException.class);
    assertThat(lease.toString()).contains("closed").contains(KV.toString());
  }

  @Test
  void theDefaultTtlIs60Seconds() throws Exception {
    try (Lease lease = broker.lease(ACME, ENV)) {
      assertThat(lease.grantedAt()).isEqualTo(NOW);
      assertThat(lease.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }
  }

  @Test
  void aLeaseLivesNoLongerThanVaultGranted() throws Exception {
    SecretReference shortLived =
        SecretReference.parse("vault-dynamic:database-acme/creds/short#password");
    try (Lease lease = broker.lease(ACME, shortLived)) {
      assertThat(lease.expiresAt()).isEqualTo(NOW.plusSeconds(30));
    }
  }

  @Test
  void theReaperRevokesAForgottenLeaseWhenItsTtlPasses() throws Exception {
    Lease forgotten = broker.lease(ACME, DYNAMIC);
    Secret value = forgotten.secret();

    clock.advance(Duration.ofSeconds(59));
    assertThat(broker.revokeExpired()).isZero();
    assertThat(vault.revokedLeases()).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(broker.revokeExpired()).isEqualTo(1);

    assertThat(vault.activeLeases()).isEmpty();
    assertThat(value.isWiped()).isTrue();
    assertThat(forgotten.isClosed()).isTrue();
    assertThat(audit.of(LeaseEvent.Revoked.class))
        .singleElement()
        .satisfies(e -> assertThat(e.cause()).isEqualTo(RevocationCause.EXPIRED));
    assertThat(broker.revokeExpired()).isZero();
  }

  @Test
  void aCustomTtlDecidesWhenTheReaperActs() throws Exception {
    broker.lease(LeaseRequest.of(ACME, ENV).withTtl(Duration.ofSeconds(5)));

    clock.advance(Duration.ofSeconds(5));

    assertThat(broker.revokeExpired()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, 901})
  void refusesATtlOutOfBounds(long seconds) {
    assertRefused(
        LeaseRequest.of(ACME, ENV).withTtl(Duration.ofSeconds(seconds)),
        Reason.INVALID_REQUEST,
        "at most PT15M");
  }

  @Test
  void refusesAnotherTenantsReferenceBeforeAnyStoreIsAsked() {
    AtomicInteger asked = new AtomicInteger();
    SecretStore counting =
        new SecretStore() {
          @Override
          public Set<SecretReference.Scheme> schemes() {
            return Set.of(SecretReference.Scheme.FILE);
          }

          @Override
          public StoreLease lease(TenantId tenant, SecretReference reference, Duration ttl) {
            asked.incrementAndGet();
            return StaticStoreLease.of("value", Secret.copyOf("x".toCharArray()));
          }
        };
    broker.close();
    broker = brokerWith(List.of(counting, vaultStore));

    assertRefused(
        LeaseRequest.of(ACME, SecretReference.parse("file:/etc/sallyport/secrets/globex/token")),
        Reason.FOREIGN_PATH,
        "not under the paths of tenant acme");
    assertRefused(
        LeaseRequest.of(ACME, SecretReference.parse("vault:kv/data/globex/erp#token")),
        Reason.FOREIGN_PATH,
        "not under the paths of tenant acme");

    assertThat(asked).hasValue(0);
    assertThat(vault.received()).isEmpty();
    assertThat(audit.of(LeaseEvent.Failed.class))
        .hasSize(2)
        .allSatisfy(e -> {
          assertThat(e.reason()).isEqualTo(Reason.FOREIGN_PATH);
          assertThat(e.leaseId()).isEmpty();
          assertThat(e.type()).isEqualTo("lease.failed");
          assertThat(e.reasonCode()).isEqualTo("foreign_path");
        });
  }

  @Test
  void refusesASchemeWithoutAStore() {
    assertRefused(
        LeaseRequest.of(ACME, SecretReference.parse("file:/etc/sallyport/secrets/acme/token")),
        Reason.NOT_CONFIGURED,
        "no secret store is configured for file: references");
  }

  @Test
  void refusesTwoStoresForOneScheme() {
    assertThatThrownBy(() ->
            brokerWith(
                List.of(
                    new EnvironmentSecretStore(Map.of()), new EnvironmentSecretStore(Map.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two secret stores serve env: references");
  }

  @Test
  void aLedgerThatCannotRecordTheGrantRevokesTheCredential() {
    audit.failOn(e -> e instanceof LeaseEvent.Granted, "disk full");

    assertRefused(
        LeaseRequest.of(ACME, DYNAMIC),
        Reason.AUDIT_UNAVAILABLE,
        "the lease could not be recorded, so it was revoked");

    assertThat(vault.issued()).isEqualTo(1);
    assertThat(vault.activeLeases()).isEmpty();
    assertThat(broker.openLeases()).isZero();
  }

  @Test
  void aRevocationVaultRefusesIsRecordedAndRetried() throws Exception {
    Lease lease = broker.lease(ACME, DYNAMIC);
    Secret value = lease.secret();
    vault.failNext("sys/leases/revoke", 503, "{\"errors\":[\"Vault is sealed\"]}");

    assertThatCode(lease::close).doesNotThrowAnyException();

    assertThat(value.isWiped()).isTrue();
    assertThat(vault.activeLeases()).hasSize(1);
    assertThat(broker.pendingRevocations()).isEqualTo(1);
    LeaseEvent.RevokeFailed failed = audit.of(LeaseEvent.RevokeFailed.class).getFirst();
    assertThat(failed.reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(failed.storeLeaseId()).isPresent();

    broker.revokeExpired();

    assertThat(vault.activeLeases()).isEmpty();
    assertThat(broker.pendingRevocations()).isZero();
    assertThat(audit.types())
        .containsExactly("lease.granted", "lease.revoke_failed", "lease.revoked");
    assertThat(audit.of(LeaseEvent.Revoked.class).getFirst().cause())
        .isEqualTo(RevocationCause.CLOSED);
  }

  @Test
  void aRevocationThatKeepsFailingEndsWhenVaultsLeaseRunsOut() throws Exception {
    Lease lease = broker.lease(ACME, DYNAMIC);
    for (int i = 0; i < 3; i++) {
      vault.failNext("sys/leases/revoke", 500, "{}");
    }
    lease.close();
    broker.revokeExpired();
    broker.revokeExpired();
    assertThat(broker.pendingRevocations()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(10));
    broker.revokeExpired();

    assertThat(broker.pendingRevocations()).isZero();
    assertThat(audit.of(LeaseEvent.Revoked.class))
        .singleElement()
        .satisfies(e -> assertThat(e.cause()).isEqualTo(RevocationCause.EXPIRED_IN_STORE));
  }

  @Test
  void renewingExtendsTheLeaseHereAndAtVault() throws Exception {
    try (Lease lease = broker.lease(ACME, DYNAMIC)) {
      clock.advance(Duration.ofSeconds(50));

      lease.renew(Duration.ofSeconds(60));

      assertThat(lease.expiresAt()).isEqualTo(NOW.plusSeconds(110));
      assertThat(vault.renewedLeases()).hasSize(1);
      clock.advance(Duration.ofSeconds(30));
      assertThat(broker.revokeExpired()).isZero();
    }
    assertThat(audit.types()).containsExactly("lease.granted", "lease.renewed", "lease.revoked");
  }

  @Test
  void aFailedRenewalIsRecordedAndKeepsTheLease() throws Exception {
    SecretReference once = SecretReference.parse("vault-dynamic:database-acme/creds/once#password");
    try (Lease lease = broker.lease(ACME, once)) {
      assertThatThrownBy(() -> lease.renew(Duration.ofSeconds(60)))
          .isInstanceOfSatisfying(
              SecretUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.NOT_RENEWABLE));

      assertThat(lease.isClosed()).isFalse();
      assertThat(lease.expiresAt()).isEqualTo(NOW.plusSeconds(60));
      assertThat(audit.of(LeaseEvent.Failed.class))
          .singleElement()
          .satisfies(e -> assertThat(e.leaseId()).contains(lease.id()));
    }
  }

  @Test
  void anExpiredOrClosedLeaseIsNotRenewed() throws Exception {
    Lease lease = broker.lease(ACME, DYNAMIC);
    clock.advance(Duration.ofSeconds(60));

    assertThatThrownBy(() -> lease.renew(Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> assertThat(e).hasMessageContaining("has expired"));
    assertThat(lease.isClosed()).isTrue();
    assertThat(vault.activeLeases()).isEmpty();

    assertThatThrownBy(() -> lease.renew(Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class, e -> assertThat(e).hasMessageContaining("is closed"));
  }

  @Test
  void revokingATenantEndsOnlyThatTenantsLeases() throws Exception {
    Lease acme1 = broker.lease(ACME, DYNAMIC);
    Lease acme2 = broker.lease(ACME, KV);
    Lease globex = broker.lease(GLOBEX, SecretReference.parse("vault:kv/data/globex/erp#token"));

    assertThat(broker.revokeAll(ACME)).isEqualTo(2);

    assertThat(acme1.isClosed()).isTrue();
    assertThat(acme2.isClosed()).isTrue();
    assertThat(globex.isClosed()).isFalse();
    assertThat(vault.activeLeases()).isEmpty();
    assertThat(audit.of(LeaseEvent.Revoked.class))
        .extracting(LeaseEvent.Revoked::cause)
        .containsOnly(RevocationCause.TENANT_REVOKED);
    globex.close();
  }

  @Test
  void shuttingDownRevokesEverythingAndRefusesNewLeases() throws Exception {
    Lease lease = broker.lease(ACME, DYNAMIC);

    broker.close();

    assertThat(lease.isClosed()).isTrue();
    assertThat(vault.activeLeases()).isEmpty();
    assertRefused(LeaseRequest.of(ACME, KV), Reason.UNAVAILABLE, "shut down");
  }

  @Test
  void aStoreThatThrowsIsNoCredential() {
    SecretStore broken =
        new SecretStore() {
          @Override
          public Set<SecretReference.Scheme> schemes() {
            return Set.of(SecretReference.Scheme.FILE);
          }

          @Override
          public StoreLease lease(TenantId tenant, SecretReference reference, Duration ttl) {
            throw new IllegalStateException("bug that prints hunter2");
          }
        };
    broker.close();
    broker = brokerWith(List.of(broken));

    assertThatThrownBy(
            () -> broker.lease(ACME, SecretReference.parse("file:/etc/sallyport/secrets/acme/t")))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
              assertThat(e).hasMessageContaining("the store failed (IllegalStateException)");
              assertThat(e.getMessage()).doesNotContain("hunter2");
            });
  }

  @Test
  void aDynamicSecretWithSeveralFieldsIsReadByName() throws Exception {
    try (Lease lease = broker.lease(ACME, DYNAMIC_ALL)) {
      assertThat(lease.fieldNames()).containsExactlyInAnyOrder("username", "password");
      assertThat(lease.field("username").revealChars()).isEqualTo("v-acme".toCharArray());
      assertThatThrownBy(lease::secret)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("name one with field(name)");
      assertThatThrownBy(() -> lease.field("token")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void eventsMapOntoLedgerFields() throws Exception {
    broker.lease(ACME, KV).close();

    assertThat(audit.events())
        .extracting(LeaseEvent::type, LeaseEvent::outcome, LeaseEvent::reasonCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("lease.granted", "ok", "granted"),
            org.assertj.core.groups.Tuple.tuple("lease.revoked", "ok", "closed"));
    assertThat(audit.events())
        .allSatisfy(e -> {
          assertThat(e.tenant()).isEqualTo(ACME);
          assertThat(e.reference()).isEqualTo(KV);
          assertThat(e.actionId()).isEqualTo(Optional.empty());
          assertThat(e.time()).isEqualTo(NOW);
        });
  }

  private CredentialBroker brokerWith(List<SecretStore> stores) {
    return new CredentialBroker(
        stores, TenantPaths.defaults(), LeaseSettings.defaults(), audit, clock);
  }

  private void assertRefused(LeaseRequest request, Reason reason, String detail) {
    int failedBefore = audit.of(LeaseEvent.Failed.class).size();
    assertThatThrownBy(() -> broker.lease(request))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e).hasMessageContaining(detail);
            });
    assertThat(audit.of(LeaseEvent.Failed.class)).hasSize(failedBefore + 1);
  }
}
