package dev.sallyport.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who is calling, as established by the identity stage from a validated token. The tenant comes
 * from the token, never from a request parameter.
 */
public record Principal(
    TenantId tenant, String id, PrincipalKind kind, Set<String> roles, Set<String> groups) {
  public Principal {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(id, "id is null");
    requireNonNull(kind, "kind is null");
    if (id.isBlank()) {
      throw new IllegalArgumentException("principal id is blank");
    }
    roles = Set.copyOf(roles);
    groups = Set.copyOf(groups);
  }

  public boolean isAgent() {
    return kind == PrincipalKind.AGENT;
  }
}
