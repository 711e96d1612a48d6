package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A credential the store does not issue (a file, a variable, a KV value): nothing to revoke at the
 * store, so the lease is the broker's alone and ends when the broker wipes the values.
 */
final class StaticStoreLease implements StoreLease {
  private final Map<String, Secret> fields;

  StaticStoreLease(Map<String, Secret> fields) {
    this.fields = Map.copyOf(requireNonNull(fields, "fields is null"));
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a lease holds at least one value");
    }
  }

  static StaticStoreLease of(String field, Secret value) {
    return new StaticStoreLease(Map.of(field, value));
  }

  @Override
  public Map<String, Secret> fields() {
    return fields;
  }

  @Override
  public Duration duration() {
    return Duration.ZERO;
  }

  @Override
  public Optional<String> storeLeaseId() {
    return Optional.empty();
  }

  @Override
  public Duration renew(Duration increment) {
    return increment;
  }

  @Override
  public void revoke() {
    // Nothing was issued, so nothing is revoked at the store; the broker wipes the value.
  }

  @Override
  public String toString() {
    return "StaticStoreLease" + fields.keySet();
  }
}
