package dev.sallyport.console.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.approval.ApprovalFixtures;
import dev.sallyport.approval.ApprovalLink;
import dev.sallyport.approval.ApprovalStatus;
import dev.sallyport.approval.InMemoryApprovalStore;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.approval.Vote;
import dev.sallyport.console.ConsoleFixture;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approval pages over real HTTP, with people signed in at a real OpenID provider: who may open,
 * see and decide an approval, and that each decision is reported exactly once.
 */
class ApprovalPagesTest {
  private static MockOAuth2Server idp;

  // The provider stamps tokens with the real time, so the console runs on it too.
  private final TestingClock clock = new TestingClock(java.time.Instant.now());
  private final KeyPair acmeKey = ApprovalFixtures.ed25519();
  private final LinkTokens links =
      new LinkTokens(
          t -> t.equals(ApprovalFixtures.ACME) ? Optional.of(acmeKey) : Optional.empty(), clock);
  private final InMemoryApprovalStore store = new InMemoryApprovalStore();
  private final List<String> reported = Collections.synchronizedList(new ArrayList<>());
  private ConsoleFixture console;

  @BeforeAll
  static void startIdp() {
    idp = ConsoleFixture.startIdp();
  }

  @AfterAll
  static void stopIdp() {
    idp.shutdown();
  }

  @BeforeEach
  void start() throws Exception {
    // Held now, by the real time the test's identity provider signs with: fixed dates expire.
    store.create(ApprovalFixtures.requestAt(clock.instant(), ApprovalFixtures.ACME, "appr-1"));
    ApprovalDecisions decisions =
        new ApprovalDecisions() {
          @Override
          public void voted(StoredApproval approval, Vote vote) {
            reported.add("voted " + vote.approverId());
          }

          @Override
          public void decided(StoredApproval approval, Vote vote, ApprovalStatus outcome) {
            reported.add("decided " + outcome.wireName() + " by " + vote.approverId());
          }

          @Override
          public void refused(TenantId tenant, String approvalId, String personId, String reason) {
            reported.add("refused " + personId + " " + reason);
          }
        };
    console =
        new ConsoleFixture(idp, clock, c -> new ApprovalPages(c, store, links, decisions, clock));
  }

  @AfterEach
  void stop() throws Exception {
    console.close();
  }

  private String link(String sentTo, Duration lifetime, String nonce) {
    String token =
        links.issue(
            new ApprovalLink(
                ApprovalFixtures.ACME, "appr-1", sentTo, clock.instant().plus(lifetime), nonce));
    return "/approvals/open?t=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  @Test
  void anApproverFollowsTheLinkSignsInSeesTheCallAndApprovesIt() throws Exception {
    String link = link("fiona", Duration.ofMinutes(15), "n-1");
    HttpClient browser = ConsoleFixture.browser();
    console.nextLogin(
        "fiona",
        Map.of("tenant", "acme", "groups", List.of("finance-leads"), "name", "Fiona Lead"));

    HttpResponse<String> first = console.get(browser, link);
    assertThat(first.statusCode()).isEqualTo(303);
    HttpResponse<String> back = console.signInFrom(browser, first);
    assertThat(back.headers().firstValue("Location")).hasValue(link);
    HttpResponse<String> opened = console.get(browser, link);
    assertThat(opened.body()).contains("href=\"/approvals/appr-1\"");

    HttpResponse<String> page = console.get(browser, "/approvals/appr-1");
    assertThat(page.body())
        .contains("payments.pay_supplier")
        .contains("finance-bot")
        .contains("payments over 10,000 need a finance lead")
        .contains("DE89 **** 3000")
        .contains("id=\"approve\"");
    HttpResponse<String> decided =
        console.post(
            browser,
            "/approvals/appr-1",
            "verdict=approve&reason=checked+the+invoice&csrf=" + ConsoleFixture.csrf(page.body()));

    assertThat(decided.body()).contains("Recorded: approved.");
    assertThat(reported).containsExactly("decided approved by fiona");
    assertThat(store.find(ApprovalFixtures.ACME, "appr-1").orElseThrow().votes())
        .singleElement()
        .satisfies(v -> assertThat(v.approverName()).isEqualTo("Fiona Lead"));

    // The link is spent, and a second submission changes nothing.
    assertThat(console.get(browser, link).statusCode()).isEqualTo(410);
    HttpResponse<String> again =
        console.post(
            browser,
            "/approvals/appr-1",
            "verdict=reject&csrf=" + ConsoleFixture.csrf(page.body()));
    assertThat(again.body()).contains("Already approved");
    assertThat(reported).containsExactly("decided approved by fiona");
  }

  @Test
  void aForwardedLinkOpensNothingForSomeoneWhoMayNotApproveAndStaysGoodForItsOwner()
      throws Exception {
    String link = link("fiona", Duration.ofMinutes(15), "n-2");
    HttpClient ivan = console.signedIn("ivan", "acme", "it-admins");

    assertThat(console.get(ivan, link).statusCode()).isEqualTo(403);
    assertThat(console.get(ivan, "/approvals/appr-1").statusCode()).isEqualTo(403);
    assertThat(reported).contains("refused ivan not_an_approver");

    HttpClient fiona = console.signedIn("fiona", "acme", "finance-leads");
    assertThat(console.get(fiona, link).statusCode()).isEqualTo(200);
  }

  @Test
  void thePersonOfAnotherTenantSeesTheSameAsForNothing() throws Exception {
    HttpClient mallory = console.signedIn("mallory", "globex", "finance-leads");

    HttpResponse<String> page = console.get(mallory, "/approvals/appr-1");
    HttpResponse<String> nothing = console.get(mallory, "/approvals/no-such-approval");
    HttpResponse<String> vote =
        console.post(mallory, "/approvals/appr-1", "verdict=approve&csrf=x");

    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).isEqualTo(nothing.body());
    assertThat(vote.statusCode()).isIn(403, 404);
    assertThat(console.get(mallory, link("fiona", Duration.ofMinutes(5), "n-3")).statusCode())
        .isEqualTo(404);
    assertThat(store.find(ApprovalFixtures.ACME, "appr-1").orElseThrow().votes()).isEmpty();
  }

  @Test
  void theRequesterAndTheAgentOwnerAreRefused() throws Exception {
    HttpClient owner = console.signedIn("frank@acme.example", "acme", "finance-leads");
    HttpClient requester = console.signedIn("finance-bot", "acme", "finance-leads");

    assertThat(console.get(owner, "/approvals/appr-1").statusCode()).isEqualTo(403);
    assertThat(console.get(requester, "/approvals/appr-1").statusCode()).isEqualTo(403);
    assertThat(reported)
        .contains("refused frank@acme.example agent_owner", "refused finance-bot requester");
  }

  @Test
  void expiredForgedAndMissingLinksAreRefused() throws Exception {
    HttpClient fiona = console.signedIn("fiona", "acme", "finance-leads");
    String expired = link("fiona", Duration.ofMinutes(1), "n-4");
    clock.advance(Duration.ofMinutes(2));

    assertThat(console.get(fiona, expired).body()).contains("link has expired");
    assertThat(console.get(fiona, "/approvals/open?t=spa1.AAAA.BBBB").statusCode()).isEqualTo(410);
    assertThat(console.get(fiona, "/approvals/open").statusCode()).isEqualTo(410);
  }

  @Test
  void aVoteWithoutTheCsrfTokenIsRefusedAndRecordsNothing() throws Exception {
    HttpClient fiona = console.signedIn("fiona", "acme", "finance-leads");

    assertThat(console.post(fiona, "/approvals/appr-1", "verdict=approve").statusCode())
        .isEqualTo(403);
    assertThat(console.post(fiona, "/approvals/appr-1", "verdict=approve&csrf=guess").statusCode())
        .isEqualTo(403);
    assertThat(store.find(ApprovalFixtures.ACME, "appr-1").orElseThrow().votes()).isEmpty();
  }

  @Test
  void theListShowsOnlyWhatThePersonMayDecide() throws Exception {
    store.create(
        ApprovalFixtures.requestAt(
            clock.instant(),
            TenantId.of("acme"),
            "appr-it",
            new dev.sallyport.approval.ApproverRule(
                "it", java.util.Set.of("it-admins"), java.util.Set.of(), 1, false)));
    HttpClient fiona = console.signedIn("fiona", "acme", "finance-leads");

    String list = console.get(fiona, "/approvals/").body();

    assertThat(list).contains("/approvals/appr-1").doesNotContain("appr-it");
  }

  @Test
  void nobodySignedInIsSentToSignIn() throws Exception {
    HttpResponse<String> page = console.get(ConsoleFixture.browser(), "/approvals/appr-1");
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/console/signin?return="));
    assertThat(
            console
                .post(ConsoleFixture.browser(), "/approvals/appr-1", "verdict=approve")
                .statusCode())
        .isEqualTo(401);
  }
}
