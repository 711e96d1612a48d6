package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One person's verdict, with the identity the IdP vouched for at sign-in.
 *
 * @param approverId the person's IdP subject
 * @param approverName a display name or e-mail from the IdP, for the record
 * @param approverGroups the person's IdP groups when they voted: which approver groups they count
 *     for
 * @param verdict approve or reject
 * @param reason the optional reason they gave
 * @param at when they voted
 */
public record Vote(
    String approverId,
    String approverName,
    Set<String> approverGroups,
    Verdict verdict,
    Optional<String> reason,
    Instant at) {
  /** Reasons are shown to people and recorded; longer ones are refused, not truncated. */
  public static final int MAX_REASON_LENGTH = 1_000;

  public Vote {
    requireNonNull(approverId, "approverId is null");
    requireNonNull(approverName, "approverName is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(at, "at is null");
    approverGroups = Set.copyOf(approverGroups);
    if (reason.isPresent() && reason.get().length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason longer than " + MAX_REASON_LENGTH);
    }
  }
}
