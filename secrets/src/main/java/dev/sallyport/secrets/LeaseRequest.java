package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.time.Duration;
import java.util.Optional;

/**
 * One credential for one execution.
 *
 * @param tenant whose paths the reference must be under
 * @param reference where the credential lives
 * @param ttl how long the caller needs it, or empty for {@link LeaseSettings#defaultTtl()}
 * @param actionId the action the credential is for, copied into every {@link LeaseEvent}
 */
public record LeaseRequest(
    TenantId tenant, SecretReference reference, Optional<Duration> ttl, Optional<String> actionId) {
  public LeaseRequest {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(reference, "reference is null");
    requireNonNull(ttl, "ttl is null");
    requireNonNull(actionId, "actionId is null");
  }

  public static LeaseRequest of(TenantId tenant, SecretReference reference) {
    return new LeaseRequest(tenant, reference, Optional.empty(), Optional.empty());
  }

  public LeaseRequest withTtl(Duration value) {
    return new LeaseRequest(tenant, reference, Optional.of(value), actionId);
  }

  public LeaseRequest forAction(String value) {
    return new LeaseRequest(tenant, reference, ttl, Optional.of(value));
  }
}
