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

  private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> approvals = new ConcurrentHashMap<>();
  private final Set<String> tainted = ConcurrentHashMap.newKeySet();

  @Override
  public long calls(TenantId tenant, String sessionId, String tool, Instant since) {
    return callsOf(tenant, sessionId).stream()
        .filter(c -> c.tool().equals(tool) && !c.at().isBefore(since))
        .count();
  }

  @Override
  public double sum(
      TenantId tenant, String sessionId, String tool, String argument, Instant since) {
    double total = 0;
    for (Call call : callsOf(tenant, sessionId)) {
      if (call.tool().equals(tool)
          && !call.at().isBefore(since)
          && call.arguments().get(argument) instanceof Number n) {
        total += n.doubleValue();
      }
    }
    return total;
  }

  @Override
  public boolean approved(TenantId tenant, String sessionId, String kind) {
    return approvals.getOrDefault(key(tenant, sessionId), Set.of()).contains(kind);
  }

  @Override
  public boolean tainted(TenantId tenant, String sessionId) {
    return tainted.contains(key(tenant, sessionId));
  }

  @Override
  public void recordCall(
      TenantId tenant, String sessionId, String tool, Map<String, Object> arguments, Instant at) {
    List<Call> list = calls.computeIfAbsent(key(tenant, sessionId), k -> new ArrayList<>());
    synchronized (list) {
      list.add(new Call(tool, Map.copyOf(arguments), at));
    }
  }

  @Override
  public void recordApproval(TenantId tenant, String sessionId, String kind, Instant at) {
    approvals.computeIfAbsent(key(tenant, sessionId), k -> ConcurrentHashMap.newKeySet()).add(kind);
  }

  @Override
  public void markTainted(TenantId tenant, String sessionId, Instant at) {
    tainted.add(key(tenant, sessionId));
  }

  private List<Call> callsOf(TenantId tenant, String sessionId) {
    List<Call> list = calls.get(key(tenant, sessionId));
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  private static String key(TenantId tenant, String sessionId) {
    return tenant.value() + '\u0000' + sessionId;
  }
}
