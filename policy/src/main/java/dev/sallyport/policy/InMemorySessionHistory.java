package dev.sallyport.policy;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session history in memory: for {@code policy test} fixtures, benchmarks and unit tests. The
 * server uses the durable store in {@code store-sqlite}.
 */
public final class InMemorySessionHistory implements SessionHistory {
  private record Call(String tool, Map<String, Object> arguments, Instant at) {}

  private record SessionKey(TenantId tenant, String sessionId) {}

  private final Map<SessionKey, List<Call>> calls = new ConcurrentHashMap<>();
  private final Map<SessionKey, Set<String>> approvals = new ConcurrentHashMap<>();
  private final Set<SessionKey> tainted = ConcurrentHashMap.newKeySet();
  private final Set<SessionKey> suspected = ConcurrentHashMap.newKeySet();
  private final Set<SessionKey> tasks = ConcurrentHashMap.newKeySet();
  private final Map<SessionKey, Set<String>> trusted = new ConcurrentHashMap<>();

  @Override
  public long calls(TenantId tenant, String sessionId, String tool, Instant since) {
    List<Call> list = calls.get(new SessionKey(tenant, sessionId));
    if (list == null) {
      return 0;
    }
    long count = 0;
    synchronized (list) {
      for (Call call : list) {
        if (call.tool().equals(tool) && !call.at().isBefore(since)) {
          count++;
        }
      }
    }
    return count;
  }

  @Override
  public double sum(
      TenantId tenant, String sessionId, String tool, String argument, Instant since) {
    List<Call> list = calls.get(new SessionKey(tenant, sessionId));
    if (list == null) {
      return 0;
    }
    double total = 0;
    synchronized (list) {
      for (Call call : list) {
        if (call.tool().equals(tool)
            && !call.at().isBefore(since)
            && call.arguments().get(argument) instanceof Number n) {
          total += n.doubleValue();
        }
      }
    }
    return total;
  }

  @Override
  public boolean approved(TenantId tenant, String sessionId, String kind) {
    return approvals.getOrDefault(new SessionKey(tenant, sessionId), Set.of()).contains(kind);
  }

  @Override
  public boolean tainted(TenantId tenant, String sessionId) {
    return tainted.contains(new SessionKey(tenant, sessionId));
  }

  @Override
  public void recordCall(
      TenantId tenant, String sessionId, String tool, Map<String, Object> arguments, Instant at) {
    List<Call> list =
        calls.computeIfAbsent(new SessionKey(tenant, sessionId), k -> new ArrayList<>());
    synchronized (list) {
      list.add(new Call(tool, Map.copyOf(arguments), at));
    }
  }

  @Override
  public void recordApproval(TenantId tenant, String sessionId, String kind, Instant at) {
    approvals
        .computeIfAbsent(new SessionKey(tenant, sessionId), k -> ConcurrentHashMap.newKeySet())
        .add(kind);
  }

  @Override
  public void markTainted(TenantId tenant, String sessionId, Instant at) {
    tainted.add(new SessionKey(tenant, sessionId));
  }

  @Override
  public boolean injectionSuspected(TenantId tenant, String sessionId) {
    return suspected.contains(new SessionKey(tenant, sessionId));
  }

  @Override
  public void flagInjectionSuspected(TenantId tenant, String sessionId, Instant at) {
    suspected.add(new SessionKey(tenant, sessionId));
  }

  @Override
  public void recordTrustedValues(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
    trusted
        .computeIfAbsent(new SessionKey(tenant, sessionId), k -> ConcurrentHashMap.newKeySet())
        .addAll(fingerprints);
  }

  @Override
  public boolean allTraced(TenantId tenant, String sessionId, Set<String> fingerprints) {
    return trusted
        .getOrDefault(new SessionKey(tenant, sessionId), Set.of())
        .containsAll(fingerprints);
  }

  @Override
  public synchronized TaskAdmission startWithTask(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
    SessionKey key = new SessionKey(tenant, sessionId);
    if (tasks.contains(key)) {
      return TaskAdmission.TASK_ALREADY_GIVEN;
    }
    if (tainted.contains(key)) {
      return TaskAdmission.TAINTED;
    }
    if (calls.containsKey(key)) {
      return TaskAdmission.SESSION_ALREADY_STARTED;
    }
    tasks.add(key);
    recordTrustedValues(tenant, sessionId, fingerprints, at);
    return TaskAdmission.ACCEPTED;
  }
}
