package dev.sallyport.gateway;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.SessionHistory;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Forwards every method to a real session history, except the one named in {@link #broken}, which
 * throws as a database that is down would.
 */
final class BreakableSessionHistory implements SessionHistory {
  private final SessionHistory delegate;
  final AtomicReference<String> broken = new AtomicReference<>("");

  BreakableSessionHistory(SessionHistory delegate) {
    this.delegate = delegate;
  }

  private void check(String method) {
    if (broken.get().equals(method)) {
      throw new IllegalStateException("database is down");
    }
  }

  @Override
  public long calls(TenantId tenant, String sessionId, String tool, Instant since) {
    check("calls");
    return delegate.calls(tenant, sessionId, tool, since);
  }

  @Override
  public double sum(
      TenantId tenant, String sessionId, String tool, String argument, Instant since) {
    check("sum");
    return delegate.sum(tenant, sessionId, tool, argument, since);
  }

  @Override
  public boolean approved(TenantId tenant, String sessionId, String kind) {
    check("approved");
    return delegate.approved(tenant, sessionId, kind);
  }

  @Override
  public boolean tainted(TenantId tenant, String sessionId) {
    check("tainted");
    return delegate.tainted(tenant, sessionId);
  }

  @Override
  public void recordCall(
      TenantId tenant, String sessionId, String tool, Map<String, Object> arguments, Instant at) {
    check("recordCall");
    delegate.recordCall(tenant, sessionId, tool, arguments, at);
  }

  @Override
  public void recordApproval(TenantId tenant, String sessionId, String kind, Instant at) {
    check("recordApproval");
    delegate.recordApproval(tenant, sessionId, kind, at);
  }

  @Override
  public void markTainted(TenantId tenant, String sessionId, Instant at) {
    check("markTainted");
    delegate.markTainted(tenant, sessionId, at);
  }

  @Override
  public boolean injectionSuspected(TenantId tenant, String sessionId) {
    check("injectionSuspected");
    return delegate.injectionSuspected(tenant, sessionId);
  }

  @Override
  public void flagInjectionSuspected(TenantId tenant, String sessionId, Instant at) {
    check("flagInjectionSuspected");
    delegate.flagInjectionSuspected(tenant, sessionId, at);
  }

  @Override
  public void recordTrustedValues(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
    check("recordTrustedValues");
    delegate.recordTrustedValues(tenant, sessionId, fingerprints, at);
  }

  @Override
  public boolean allTraced(TenantId tenant, String sessionId, Set<String> fingerprints) {
    check("allTraced");
    return delegate.allTraced(tenant, sessionId, fingerprints);
  }

  @Override
  public TaskAdmission startWithTask(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
    check("startWithTask");
    return delegate.startWithTask(tenant, sessionId, fingerprints, at);
  }
}
