/**
 * The policy stage: three layers, each able only to restrict the one before it.
 *
 * <ol>
 *   <li>{@link dev.sallyport.policy.PlatformInvariants}: rules in code that no configuration can
 *       loosen (unknown tool, read-only role, tainted session, kill switch, invalid arguments).
 *   <li>{@link dev.sallyport.policy.TenantRules}: the tenant's rules with CEL conditions, compiled
 *       and type-checked at load by {@link dev.sallyport.policy.ConditionCompiler}.
 *   <li>{@link dev.sallyport.policy.RoleGrants}: the explicit tools each role or agent may call.
 * </ol>
 *
 * <p>{@link dev.sallyport.policy.PolicyEngine} combines them, takes the most restrictive outcome,
 * and turns any exception into a deny with reason {@code evaluation_error}. Nothing here performs
 * I/O directly; session state comes through the {@link dev.sallyport.policy.SessionHistory} port.
 */
package dev.sallyport.policy;
