package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.ExampleDeployments;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of the path's own parts end in "nothing was sent". */
class FailClosedGatewayTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Map<String, Object> PAYMENT = GatewayFixture.payment(120.0);

  @TempDir Path temp;

  @Test
  void anActionWhoseDecisionCannotBeRecordedDoesNotRun() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    try (GatewayFixture gateway =
        new GatewayFixture(
            temp, dir -> {}, log -> new BreakableAuditLog(log, broken, "decision"), h -> h)) {
      broken.set(true);

      GatewayFixture.Response response =
          gateway.action("finance-bot", "payments.pay_supplier", PAYMENT);

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.map())
          .containsEntry("type", "https://sallyport.dev/problems/audit-unavailable");
      assertThat(gateway.upstream.received()).isEmpty();
    }
  }

  @Test
  void anActionWhoseDispatchCannotBeRecordedDoesNotRun() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    try (GatewayFixture gateway =
        new GatewayFixture(
            temp,
            dir -> {},
            log -> new BreakableAuditLog(log, broken, "action.dispatching"),
            h -> h)) {
      broken.set(true);

      GatewayFixture.Response response =
          gateway.action("finance-bot", "payments.pay_supplier", PAYMENT);

      assertThat(response.status()).isEqualTo(503);
      assertThat(gateway.upstream.received()).isEmpty();
    }
  }

  @Test
  void aClosedAuditDatabaseRefusesActionsAndReadiness() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(temp)) {
      gateway.sqliteAudit.close();

      GatewayFixture.Response response = gateway.action("finance-bot", "invoices.list", Map.of());

      assertThat(response.status()).isEqualTo(503);
      assertThat(gateway.upstream.received()).isEmpty();
      assertThat(gateway.get("/readyz").status()).isEqualTo(503);
    }
  }

  @Test
  void aDeadSessionDatabaseDeniesCallsThatNeedIt() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(temp)) {
      gateway.sqliteHistory.close();

      GatewayFixture.Response payment =
          gateway.action("finance-bot", "payments.pay_supplier", PAYMENT);
      GatewayFixture.Response read = gateway.action("finance-bot", "invoices.list", Map.of());

      assertThat(payment.status()).isEqualTo(403);
      assertThat(payment.map()).containsEntry("reason", "evaluation_error");
      // The read needs no session state to decide, but the call cannot be counted: not sent either.
      assertThat(read.status()).isEqualTo(500);
      assertThat(gateway.upstream.received()).isEmpty();
    }
  }

  @Test
  void anUpstreamThatHangsTimesOutAndIsRecorded() throws Exception {
    try (GatewayFixture gateway =
        new GatewayFixture(
            temp,
            dir ->
                ExampleDeployments.edit(
                    dir, "tenants/acme/tenant.yaml", "timeout_ms: 5000", "timeout_ms: 300"),
            l -> l,
            h -> h)) {
      gateway.upstream.hang();

      GatewayFixture.Response response = gateway.action("finance-bot", "invoices.list", Map.of());

      assertThat(response.status()).isEqualTo(504);
      assertThat(response.map())
          .containsEntry("type", "https://sallyport.dev/problems/upstream-timeout");
      List<AuditEvent> events = gateway.sqliteAudit.read(ACME, 0, 100);
      assertThat(events.get(events.size() - 1).outcome()).isEqualTo("timeout");
    }
  }

  @Test
  void anUnreachableUpstreamIsAProblemAndIsRecorded() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(temp)) {
      gateway.upstream.close();

      GatewayFixture.Response response = gateway.action("finance-bot", "invoices.list", Map.of());

      assertThat(response.status()).isEqualTo(502);
      List<AuditEvent> events = gateway.sqliteAudit.read(ACME, 0, 100);
      assertThat(events.get(events.size() - 1).outcome()).isEqualTo("unreachable");
    }
  }

  /** Forwards to a real log, and fails appends of one event type once told to. */
  private record BreakableAuditLog(AuditLog delegate, AtomicBoolean broken, String type)
      implements AuditLog {
    @Override
    public long append(AuditEvent event) {
      if (broken.get() && event.type().equals(type)) {
        throw new AuditUnavailableException("disk full", null);
      }
      return delegate.append(event);
    }

    @Override
    public List<AuditEvent> read(TenantId tenant, long from, int limit) {
      return delegate.read(tenant, from, limit);
    }

    @Override
    public long size(TenantId tenant) {
      return delegate.size(tenant);
    }

    @Override
    public boolean isWritable() {
      return delegate.isWritable();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
