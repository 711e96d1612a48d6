package dev.sallyport.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The built-in powers over Sallyport itself, held only by people and only through {@code
 * group_roles}: an agent never holds one, and none of them grants a tool. A tenant's {@code
 * group_roles} may name them without declaring them under {@code roles}.
 */
public enum AdministrativeRole {
  /** Changes policies and tool catalogues. */
  POLICY_ADMIN,
  /** Decides pending approvals (which ones: the tenant's {@code approver_groups}). */
  APPROVER,
  /** Reads and verifies the tenant's ledger. */
  AUDITOR,
  /** Pulls and resets kill switches. */
  KILLSWITCH_OPERATOR;

  private final String roleName = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The name used in configuration and in a principal's roles: {@code policy-admin}, ... */
  public String roleName() {
    return roleName;
  }

  public static Optional<AdministrativeRole> byName(String roleName) {
    return Arrays.stream(values()).filter(r -> r.roleName.equals(roleName)).findFirst();
  }

  public static boolean isAdministrative(String roleName) {
    return byName(roleName).isPresent();
  }
}
