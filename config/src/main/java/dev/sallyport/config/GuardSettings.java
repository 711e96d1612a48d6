package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A tenant's guards for untrusted tool results ({@code guards:} in {@code tenant.yaml}).
 *
 * @param untrustedResults what the gateway does with an untrusted result before the agent sees it
 * @param consequentialWrite whether the taint invariant covers {@code write} tools too (it always
 *     covers {@code destructive}, {@code external_send} and {@code spend})
 * @param approvers the approver groups that may approve the calls the session guards hold; with
 *     none, such calls are refused at once (nobody could approve them)
 */
public record GuardSettings(
    UntrustedResults untrustedResults, boolean consequentialWrite, List<String> approvers) {
  /** Datamark, the taint invariant on the consequential effect classes only, no approvers. */
  public static final GuardSettings DEFAULT =
      new GuardSettings(UntrustedResults.DATAMARK, false, List.of());

  public GuardSettings {
    requireNonNull(untrustedResults, "untrustedResults is null");
    approvers = List.copyOf(approvers);
  }

  /** {@code guards.untrusted_results}. */
  public enum UntrustedResults {
    /** The result as it came, with the screen's verdict, score and flags next to it. */
    ANNOTATE("annotate"),
    /**
     * Every string in the result wrapped in the session's random delimiters; a result the screen
     * would quarantine outright (verdict {@code quarantine}) is withheld.
     */
    DATAMARK("datamark"),
    /** Datamarked when clean; withheld, with a stub saying why, on any suspected injection. */
    QUARANTINE("quarantine");

    private final String configName;

    UntrustedResults(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }
}
