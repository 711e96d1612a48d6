package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * How an issuer's tokens of one kind of principal (agents, or people) are recognised, and which
 * claim names the principal.
 *
 * @param match alternatives: the rule holds when every condition of at least one alternative holds
 * @param idClaim the claim whose string value is the principal's id (an agent's registered id, a
 *     person's user id); {@code sub} unless configured
 */
public record PrincipalRule(List<List<ClaimCondition>> match, ClaimPath idClaim) {
  public PrincipalRule {
    requireNonNull(idClaim, "idClaim is null");
    match = match.stream().map(List::copyOf).toList();
    if (match.isEmpty() || match.stream().anyMatch(List::isEmpty)) {
      throw new IllegalArgumentException("a principal rule needs at least one non-empty match");
    }
  }

  /** The rule of the foundation: a {@code principal_type} claim equal to {@code kind}. */
  public static PrincipalRule principalTypeClaim(String kind) {
    ClaimPath type = ClaimPath.parse("principal_type");
    return new PrincipalRule(
        List.of(List.of(new ClaimCondition.Equals(type, kind))), ClaimPath.parse("sub"));
  }

  /** True when all conditions of some alternative hold for these claims. */
  public boolean matches(Map<String, Object> claims) {
    for (List<ClaimCondition> alternative : match) {
      if (alternative.stream().allMatch(c -> c.test(claims))) {
        return true;
      }
    }
    return false;
  }
}
