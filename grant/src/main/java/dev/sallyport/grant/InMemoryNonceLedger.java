package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Nonces in memory, bounded: entries past their {@code expiresAt} are dropped as new nonces arrive,
 * and when {@code capacity} unexpired nonces are held, further calls fail (closed) with {@link
 * IllegalStateException} rather than forget one. Thread-safe.
 *
 * <p>It forgets everything on restart, so it does NOT meet the durability half of the {@link
 * NonceLedger} contract: for tests and the in-process default only until the SQLite and PostgreSQL
 * ledgers exist.
 */
public final class InMemoryNonceLedger implements NonceLedger {
  private record Key(TenantId tenant, String nonce) {}

  private record Entry(Key key, Instant expiresAt) {}

  private final Clock clock;
  private final int capacity;
  private final Map<Key, Instant> seen = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>(Comparator.comparing(Entry::expiresAt));

  public InMemoryNonceLedger(Clock clock, int capacity) {
    this.clock = requireNonNull(clock, "clock is null");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void consume(TenantId tenant, String nonce, Instant expiresAt)
      throws NonceReplayedException {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(nonce, "nonce is null");
    requireNonNull(expiresAt, "expiresAt is null");
    dropExpired(clock.instant());
    Key key = new Key(tenant, nonce);
    if (seen.containsKey(key)) {
      throw new NonceReplayedException();
    }
    if (seen.size() >= capacity) {
      throw new IllegalStateException("nonce ledger is full");
    }
    seen.put(key, expiresAt);
    byExpiry.add(new Entry(key, expiresAt));
  }

  /** How many of the tenant's nonces are held now, expired ones not yet dropped included. */
  public synchronized int size(TenantId tenant) {
    requireNonNull(tenant, "tenant is null");
    return (int) seen.keySet().stream().filter(k -> k.tenant().equals(tenant)).count();
  }

  private void dropExpired(Instant now) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt().isBefore(now)) {
      seen.remove(byExpiry.poll().key());
    }
  }
}
