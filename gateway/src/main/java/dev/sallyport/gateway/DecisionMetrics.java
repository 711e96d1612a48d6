package dev.sallyport.gateway;

import dev.sallyport.model.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts decisions by outcome, and results that could not be recorded. */
public final class DecisionMetrics {
  private final Counter allow;
  private final Counter deny;
  private final Counter requireApproval;
  private final Counter dryRun;
  private final Counter resultNotRecorded;

  public DecisionMetrics(MeterRegistry registry) {
    this.allow = decisions(registry, "allow");
    this.deny = decisions(registry, "deny");
    this.requireApproval = decisions(registry, "require_approval");
    this.dryRun = decisions(registry, "dry_run");
    this.resultNotRecorded =
        Counter.builder("sallyport.audit.result_not_recorded")
            .description("Results of dispatched calls whose audit event could not be written")
            .register(registry);
  }

  public void decided(Decision decision) {
    switch (decision) {
      case Decision.Allow a -> allow.increment();
      case Decision.Deny d -> deny.increment();
      case Decision.RequireApproval r -> requireApproval.increment();
      case Decision.DryRun d -> dryRun.increment();
    }
  }

  public void resultNotRecorded() {
    resultNotRecorded.increment();
  }

  private static Counter decisions(MeterRegistry registry, String outcome) {
    return Counter.builder("sallyport.decisions")
        .description("Decisions taken, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
