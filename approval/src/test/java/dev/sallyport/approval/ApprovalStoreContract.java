package dev.sallyport.approval;

import static dev.sallyport.approval.ApprovalFixtures.ACME;
import static dev.sallyport.approval.ApprovalFixtures.GLOBEX;
import static dev.sallyport.approval.ApprovalFixtures.NOW;
import static dev.sallyport.approval.ApprovalFixtures.approve;
import static dev.sallyport.approval.ApprovalFixtures.person;
import static dev.sallyport.approval.ApprovalFixtures.reject;
import static dev.sallyport.approval.ApprovalFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.approval.Eligibility.IneligibleReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApprovalStore} must do, written once and run against each implementation. The
 * race tests start their contenders together and check that exactly one outcome results.
 */
public abstract class ApprovalStoreContract {
  /** A fresh, empty store. */
  protected abstract ApprovalStore store();

  /** The same data, opened again as after a restart; stores without persistence return null. */
  protected abstract ApprovalStore reopen();

  @Test
  void aCreatedApprovalIsFoundAndPendingAndSurvivesAReopen() {
    ApprovalStore store = store();
    ApprovalRequest request = request("a1");
    store.create(request);

    assertThat(store.find(ACME, "a1"))
        .hasValueSatisfying(a -> assertThat(a.request()).isEqualTo(request));
    assertThat(store.pending(ACME, NOW)).extracting(a -> a.request().id()).containsExactly("a1");
    ApprovalStore reopened = reopen();
    if (reopened != null) {
      assertThat(reopened.find(ACME, "a1"))
          .hasValueSatisfying(a -> assertThat(a.request()).isEqualTo(request));
    }
  }

  @Test
  void anotherTenantsApprovalIsNotFoundAndCannotBeVotedOn() {
    ApprovalStore store = store();
    store.create(request("a1"));

    assertThat(store.find(GLOBEX, "a1")).isEmpty();
    assertThat(store.pending(GLOBEX, NOW)).isEmpty();
    assertThat(store.vote(GLOBEX, "a1", approve(person(GLOBEX, "fiona", "finance-leads")), NOW))
        .isEqualTo(new VoteResult.NotFound());
    assertThat(store.claimSettlement(GLOBEX, "a1")).isFalse();
  }

  @Test
  void anEligibleApprovalDecidesItOnceAndIsRecorded() {
    ApprovalStore store = store();
    store.create(request("a1"));

    VoteResult result = store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW);

    assertThat(result)
        .isInstanceOfSatisfying(
            VoteResult.Recorded.class,
            r -> {
              assertThat(r.decidedNow()).isTrue();
              assertThat(r.status()).isInstanceOf(ApprovalStatus.Approved.class);
            });
    assertThat(store.find(ACME, "a1").orElseThrow().votes())
        .extracting(Vote::approverId)
        .containsExactly("fiona");
    assertThat(store.pending(ACME, NOW)).isEmpty();
  }

  @Test
  void refusedVotesChangeNothing() {
    ApprovalStore store = store();
    store.create(request("a1"));

    assertThat(store.vote(ACME, "a1", approve(ApprovalFixtures.agent("bot", "finance-leads")), NOW))
        .isEqualTo(new VoteResult.Refused(IneligibleReason.AGENT));
    assertThat(store.vote(ACME, "a1", approve(person("finance-bot", "finance-leads")), NOW))
        .isEqualTo(new VoteResult.Refused(IneligibleReason.REQUESTER));
    assertThat(store.vote(ACME, "a1", approve(person("ivan", "it-admins")), NOW))
        .isEqualTo(new VoteResult.Refused(IneligibleReason.NOT_AN_APPROVER));
    assertThat(store.find(ACME, "a1").orElseThrow().votes()).isEmpty();
  }

  @Test
  void aVoteAfterExpiryIsRefusedAndTheApprovalIsExpired() {
    ApprovalStore store = store();
    ApprovalRequest request = request("a1");
    store.create(request);
    Instant late = request.expiresAt();

    assertThat(store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), late))
        .isEqualTo(new VoteResult.AlreadyFinal(new ApprovalStatus.Expired(request.expiresAt())));
    assertThat(store.pending(ACME, late)).isEmpty();
    assertThat(store.find(ACME, "a1").orElseThrow().votes()).isEmpty();
  }

  @Test
  void aLinkNonceIsConsumedOnce() {
    ApprovalStore store = store();

    assertThat(store.consumeLink(ACME, "n-1", NOW.plusSeconds(60))).isTrue();
    assertThat(store.consumeLink(ACME, "n-1", NOW.plusSeconds(60))).isFalse();
    assertThat(store.consumeLink(GLOBEX, "n-1", NOW.plusSeconds(60))).isTrue();
    ApprovalStore reopened = reopen();
    if (reopened != null) {
      assertThat(reopened.consumeLink(ACME, "n-1", NOW.plusSeconds(60))).isFalse();
    }
  }

  @RepeatedTest(5)
  void twoApproversAtOnceOnAQuorumOfOneDecideOnce() throws Exception {
    ApprovalStore store = store();
    store.create(request("a1"));

    List<VoteResult> results =
        race(
            () -> store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW),
            () -> store.vote(ACME, "a1", approve(person("george", "finance-leads")), NOW));

    assertThat(results).filteredOn(VoteResult.Recorded.class::isInstance).hasSize(1);
    assertThat(results).filteredOn(VoteResult.AlreadyFinal.class::isInstance).hasSize(1);
    assertThat(store.find(ACME, "a1").orElseThrow().votes()).hasSize(1);
  }

  @RepeatedTest(5)
  void aDoubleSubmissionIsRecordedOnce() throws Exception {
    ApprovalStore store = store();
    ApproverRule quorumTwo = new ApproverRule("leads", Set.of("finance-leads"), Set.of(), 2, false);
    store.create(request("a1", quorumTwo));

    List<VoteResult> results =
        race(
            () -> store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW),
            () -> store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW));

    assertThat(results).filteredOn(VoteResult.Recorded.class::isInstance).hasSize(1);
    assertThat(results).contains(new VoteResult.Refused(IneligibleReason.ALREADY_VOTED));
    assertThat(store.find(ACME, "a1").orElseThrow().votes()).hasSize(1);
  }

  @RepeatedTest(5)
  void rejectAndApproveAtOnceEndInExactlyOneOutcome() throws Exception {
    ApprovalStore store = store();
    store.create(request("a1"));

    List<VoteResult> results =
        race(
            () -> store.vote(ACME, "a1", reject(person("george", "finance-leads"), "no"), NOW),
            () -> store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW));

    List<VoteResult> decided =
        results.stream()
            .filter(r -> r instanceof VoteResult.Recorded recorded && recorded.decidedNow())
            .toList();
    assertThat(decided).hasSize(1);
    ApprovalStatus outcome = ((VoteResult.Recorded) decided.get(0)).status();
    StoredApproval stored = store.find(ACME, "a1").orElseThrow();
    assertThat(ApprovalRules.tally(stored.request(), stored.votes(), NOW)).isEqualTo(outcome);
  }

  @RepeatedTest(5)
  void onlyOneCallerClaimsTheDispatch() throws Exception {
    ApprovalStore store = store();
    store.create(request("a1"));
    store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW);

    List<Boolean> claims =
        race(() -> store.claimSettlement(ACME, "a1"), () -> store.claimSettlement(ACME, "a1"));

    assertThat(claims).containsExactlyInAnyOrder(true, false);
    assertThat(store.claimSettlement(ACME, "a1")).isFalse();
    ApprovalStore reopened = reopen();
    if (reopened != null) {
      assertThat(reopened.claimSettlement(ACME, "a1")).isFalse();
      assertThat(reopened.find(ACME, "a1").orElseThrow().settled()).isTrue();
    }
  }

  @Test
  void finalButUnsettledApprovalsAreListedUntilSettled() {
    ApprovalStore store = store();
    ApprovalRequest approved = request("a1");
    ApprovalRequest expiring = request("a2");
    store.create(approved);
    store.create(expiring);
    store.create(request("a3"));
    store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW);
    Instant later = expiring.expiresAt();

    assertThat(store.unsettled(ACME, NOW)).extracting(a -> a.request().id()).containsExactly("a1");
    assertThat(store.unsettled(ACME, later))
        .extracting(a -> a.request().id())
        .containsExactly("a1", "a2", "a3");
    assertThat(store.claimSettlement(ACME, "a2")).isTrue();
    assertThat(store.unsettled(ACME, later))
        .extracting(a -> a.request().id())
        .containsExactly("a1", "a3");
    assertThat(store.unsettled(GLOBEX, later)).isEmpty();
    ApprovalStore reopened = reopen();
    if (reopened != null) {
      assertThat(reopened.unsettled(ACME, later))
          .extracting(a -> a.request().id())
          .containsExactly("a1", "a3");
    }
  }

  @SafeVarargs
  private static <T> List<T> race(Supplier<T>... contenders) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(contenders.length);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Supplier<T> contender : contenders) {
        Callable<T> task =
            () -> {
              start.await();
              return contender.get();
            };
        futures.add(threads.submit(task));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }
}
