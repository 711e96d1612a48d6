package dev.sallyport.approval;

import java.util.List;

/** Whether one person may decide one approval. */
public sealed interface Eligibility {
  /** They may; {@code groups} are the approver groups they count for. */
  record Eligible(List<String> groups) implements Eligibility {
    public Eligible {
      groups = List.copyOf(groups);
    }
  }

  /**
   * They may not. {@code reason} is for the ledger and the operator; people see a generic refusal.
   */
  record Ineligible(IneligibleReason reason) implements Eligibility {}

  /** Why someone may not decide. */
  enum IneligibleReason {
    /** The approval belongs to another tenant: answered exactly like an unknown approval. */
    NOT_FOUND,
    /** Agents never approve, whatever their roles. */
    AGENT,
    /** The principal whose call it is cannot approve it. */
    REQUESTER,
    /** The owner of the agent cannot approve it when separation of duties is on. */
    AGENT_OWNER,
    /** Not in any approver group of the request. */
    NOT_AN_APPROVER,
    /** Already voted on this approval. */
    ALREADY_VOTED
  }
}
