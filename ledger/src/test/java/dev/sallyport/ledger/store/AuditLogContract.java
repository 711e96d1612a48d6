package dev.sallyport.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditLog} backend must do, written once. Each storage backend runs it through a
 * subclass that says how to open a fresh database.
 */
public abstract class AuditLogContract {
  public static final TenantId ACME = TenantId.of("acme");
  public static final TenantId GLOBEX = TenantId.of("globex");

  protected LedgerBackend backend;

  /** A fresh, empty database of the backend. */
  protected abstract LedgerBackend newBackend();

  @BeforeEach
  void openBackend() {
    backend = newBackend();
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  public static AuditEvent event(TenantId tenant, int n) {
    return new AuditEvent(
        "0190d0c0-0000-7000-8000-" + String.format("%012d", n),
        tenant,
        Instant.parse("2026-01-05T10:00:00Z").plusMillis(n),
        "decision",
        "agent-" + n,
        Optional.of("payments.pay"),
        Optional.of("ab".repeat(32)),
        n % 2 == 0 ? "allow" : "deny",
        "permitted",
        List.of("rule-" + n),
        Optional.of("action-" + n));
  }

  @Test
  void appendsGetConsecutiveIndicesPerTenant() {
    try (AuditLog log = backend.openLog()) {
      assertThat(log.append(event(ACME, 1))).isZero();
      assertThat(log.append(event(GLOBEX, 2))).isZero();
      assertThat(log.append(event(ACME, 3))).isEqualTo(1);
      assertThat(log.size(ACME)).isEqualTo(2);
      assertThat(log.size(GLOBEX)).isEqualTo(1);
    }
  }

  @Test
  void readsBackExactlyWhatWasAppended() {
    try (AuditLog log = backend.openLog()) {
      List<AuditEvent> written = List.of(event(ACME, 1), event(ACME, 2), event(ACME, 3));
      written.forEach(log::append);

      assertThat(log.read(ACME, 0, 10)).containsExactlyElementsOf(written);
      assertThat(log.read(ACME, 1, 1)).containsExactly(written.get(1));
    }
  }

  @Test
  void aTenantNeverSeesAnotherTenantsEvents() {
    try (AuditLog log = backend.openLog()) {
      log.append(event(ACME, 1));
      log.append(event(GLOBEX, 2));

      assertThat(log.read(GLOBEX, 0, 10)).extracting(AuditEvent::tenant).containsOnly(GLOBEX);
      assertThat(log.read(TenantId.of("initech"), 0, 10)).isEmpty();
    }
  }

  @Test
  void acknowledgedEventsSurviveAReopen() {
    try (AuditLog log = backend.openLog()) {
      log.append(event(ACME, 1));
      log.append(event(ACME, 2));
    }
    try (AuditLog log = backend.openLog()) {
      assertThat(log.size(ACME)).isEqualTo(2);
      assertThat(log.append(event(ACME, 3))).isEqualTo(2);
      assertThat(log.read(ACME, 0, 10))
          .extracting(AuditEvent::actor)
          .containsExactly("agent-1", "agent-2", "agent-3");
    }
  }

  @Test
  void concurrentWritersGetDistinctGaplessIndices() throws Exception {
    try (AuditLog log = backend.openLog();
        ExecutorService writers = Executors.newFixedThreadPool(16)) {
      List<Future<Long>> indices = new ArrayList<>();
      for (int i = 0; i < 800; i++) {
        int n = i;
        indices.add(writers.submit(() -> log.append(event(ACME, n))));
      }
      Set<Long> seen = new HashSet<>();
      for (Future<Long> index : indices) {
        seen.add(index.get());
      }
      assertThat(seen).hasSize(800);
      assertThat(seen).allMatch(i -> i >= 0 && i < 800);
      assertThat(log.size(ACME)).isEqualTo(800);
    }
  }

  @Test
  void appendAfterCloseFailsRatherThanPretending() {
    AuditLog log = backend.openLog();
    log.close();

    assertThatThrownBy(() -> log.append(event(ACME, 1)))
        .isInstanceOf(AuditUnavailableException.class);
    assertThat(log.isWritable()).isFalse();
  }

  @Test
  void anEventThatCannotBeCommittedFailsItsAppendAndTheLogRecovers() {
    try (AuditLog log = backend.openLog()) {
      log.append(event(ACME, 1));
      backend.refuseEventInserts();

      assertThatThrownBy(() -> log.append(event(ACME, 2)))
          .isInstanceOf(AuditUnavailableException.class);

      backend.allowEventInserts();
      assertThat(log.append(event(ACME, 3))).isEqualTo(1);
      assertThat(log.read(ACME, 0, 10))
          .extracting(AuditEvent::actor)
          .containsExactly("agent-1", "agent-3");
    }
  }

  @Test
  void readingAPrunedEventFailsRatherThanSkippingIt() {
    try (AuditLog log = backend.openLog()) {
      log.append(event(ACME, 1));
      log.append(event(ACME, 2));
      backend.sql("UPDATE audit_events SET body = NULL WHERE idx = 0");

      assertThatThrownBy(() -> log.read(ACME, 0, 10))
          .isInstanceOf(LedgerStoreException.class)
          .hasMessageContaining("pruned");
      assertThat(log.read(ACME, 1, 10)).extracting(AuditEvent::actor).containsExactly("agent-2");
    }
  }
}
