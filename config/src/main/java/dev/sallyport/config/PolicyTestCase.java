package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One policy unit test: a request and the decision it must get.
 *
 * @param location {@code file:line} of the case, for failure reports
 * @param name what the case checks
 * @param principal who calls
 * @param tool the tool called
 * @param arguments the call's arguments
 * @param at when the call happens
 * @param tainted whether the session has taken in untrusted content
 * @param history earlier calls in the session
 * @param approvals approvals already given in the session
 * @param expectedDecision allow, deny, require_approval or dry_run
 * @param expectedRule a rule id the decision must name, or empty
 * @param expectedReason the reason code the decision must carry, or empty
 */
public record PolicyTestCase(
    String location,
    String name,
    Principal principal,
    String tool,
    Map<String, Object> arguments,
    Instant at,
    boolean tainted,
    List<PastCall> history,
    List<String> approvals,
    String expectedDecision,
    Optional<String> expectedRule,
    Optional<String> expectedReason) {
  public PolicyTestCase {
    requireNonNull(location, "location is null");
    requireNonNull(name, "name is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(at, "at is null");
    requireNonNull(expectedDecision, "expectedDecision is null");
    requireNonNull(expectedRule, "expectedRule is null");
    requireNonNull(expectedReason, "expectedReason is null");
    arguments = Map.copyOf(arguments);
    history = List.copyOf(history);
    approvals = List.copyOf(approvals);
  }

  /** A call made earlier in the session, {@code secondsAgo} before the case's time. */
  public record PastCall(String tool, Map<String, Object> arguments, long secondsAgo) {
    public PastCall {
      requireNonNull(tool, "tool is null");
      arguments = Map.copyOf(arguments);
    }
  }
}
