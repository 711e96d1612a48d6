package dev.sallyport.bench;

/**
 * What a generated call is meant to provoke. The outcome is what the engine decides, not what the
 * scenario hopes for: {@link DecisionWorkload} counts the real outcomes and refuses a mix without
 * allows, denies and approvals.
 */
enum Scenario {
  /** Ordinary arguments: allowed unless a rule or an invariant says otherwise. */
  BENIGN,
  /** Crosses an approval threshold (an amount, a priority, a bulk limit). */
  APPROVAL,
  /** Matches a forbid rule (a restricted id, a throwaway mailbox, a sanctioned vendor). */
  FORBID,
  /** Falls outside every permit (a foreign currency, an unknown mail domain). */
  NO_PERMIT,
  /** Violates the tool's arguments schema: denied by the platform invariant. */
  INVALID
}
