package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.approval.ApprovalLink;
import dev.sallyport.approval.ApprovalRules;
import dev.sallyport.approval.ApprovalStatus;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.config.Deployment;
import dev.sallyport.console.ConsoleHandler;
import dev.sallyport.console.approvals.ApprovalPages;
import dev.sallyport.gateway.http.ApiHandler;
import dev.sallyport.gateway.mcp.McpEndpoint;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.HttpRoute;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.InMemoryAgentStandings;
import dev.sallyport.policy.InMemoryKillSwitches;
import dev.sallyport.policy.ScheduledPhase;
import dev.sallyport.store.sqlite.LedgerSigningKeys;
import dev.sallyport.store.sqlite.SqliteApprovalStore;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqlitePhaseSchedule;
import dev.sallyport.store.sqlite.SqliteSessionHistory;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingIssuer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants on one gateway, acme (A) and globex (B), each with an agent, an approver and an
 * auditor. B has an executed action, a decision, a held approval with its one-time link, a
 * two-phase action in its window, a session with calls, a tool of its own, a longer signed ledger,
 * a person signed in to the console and a sign-in under way. For every route the gateway serves
 * (the handlers' own lists: a route added to a handler without a row here fails {@link
 * #theTableHoldsEveryRouteTheGatewayServes}), A's agent and A's people asking for B's objects get
 * exactly the answer they get for objects that do not exist, and change nothing of B's.
 *
 * <p>Where an answer cannot differ by tenant (health, metrics, metadata), the row checks that it is
 * the same for every caller and names no tenant. Each row also has a positive control (B's own
 * callers do see B's objects), so that a check cannot pass because nothing was there to find.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossTenantTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final String IDP = "tenants-idp";
  private static final String CLIENT = "sallyport-console";

  /** A well-formed id that no tenant has. */
  private static final String MISSING = "0000000000000000000000missing";

  @TempDir static Path temp;

  private final ObjectMapper json = new ObjectMapper();
  // ID tokens of the provider carry the real time, so the gateway runs on it.
  private final Clock clock = Clock.systemUTC();
  private final TestingIssuer issuer = new TestingIssuer();
  private final Map<TenantId, KeyPair> approvalKeys = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private MockOAuth2Server idp;
  private FakeUpstream upstream;
  private SqliteDatabase database;
  private SqliteAuditLog audit;
  private SqliteSessionHistory history;
  private SqlitePhaseSchedule phases;
  private SqliteApprovalStore approvals;
  private SqliteLedger ledger;
  private GatewayServer gateway;
  private String origin;
  private LinkTokens links;

  // B's objects.
  private String bExecuted;
  private String bDecided;
  private String bHeld;
  private String bPhase;
  private String bLink;
  private Browser bApprover;
  private long aSigned;
  private long bSigned;

  // A's callers: bearer tokens for the API, a signed-in browser for the console.
  private String aAgent;
  private String aApproverToken;
  private String aAuditor;
  private Browser aApprover;

  @BeforeAll
  void twoTenantsAndTenantBsObjects() throws Exception {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    upstream = new FakeUpstream();
    int port = GatewayFixture.freePort();
    origin = "http://127.0.0.1:" + port;
    Deployment deployment = GatewayFixture.load(deployment());
    database = SqliteDatabase.open(temp.resolve("data"));
    audit = new SqliteAuditLog(database, Duration.ofSeconds(5));
    history = new SqliteSessionHistory(database);
    phases = new SqlitePhaseSchedule(database);
    approvals = new SqliteApprovalStore(database);
    ledger =
        new SqliteLedger(
            database,
            new LedgerSigningKeys(temp.resolve("data"), "sallyport.local", new SecureRandom()),
            clock);
    InMemoryAgentStandings standings = new InMemoryAgentStandings();
    for (TenantId tenant : List.of(ACME, GLOBEX)) {
      for (String agent : List.of("finance-bot", "offboarding-bot")) {
        standings.promote(tenant, agent);
      }
    }
    GatewayServer.Approvals approvalParts =
        new GatewayServer.Approvals(
            approvals,
            tenant ->
                Optional.of(
                    approvalKeys.computeIfAbsent(
                        tenant, t -> GatewayServer.Approvals.ed25519KeyPair())),
            name -> null);
    links = new LinkTokens(approvalParts.keys(), clock);
    gateway =
        GatewayServer.start(
            new GatewayServer.Parts(
                deployment,
                audit,
                ledger,
                history,
                new InMemoryKillSwitches(),
                clock,
                standings,
                phases),
            GatewayServer.Grants.ephemeral(clock),
            approvalParts,
            "127.0.0.1",
            port);

    String bAgent = agentToken(GLOBEX, "finance-bot");
    bExecuted = actionId(expect(200, post("/v1/actions", bAgent, call("invoices.list", Map.of()))));
    bDecided =
        actionId(expect(200, post("/v1/decisions", bAgent, call("invoices.list", Map.of()))));
    bHeld =
        actionId(
            expect(
                202,
                post(
                    "/v1/actions",
                    bAgent,
                    call("payments.pay_supplier", GatewayFixture.payment(9000)))));
    bPhase =
        actionId(
            expect(
                200,
                post(
                    "/v1/actions",
                    agentToken(GLOBEX, "offboarding-bot"),
                    call("directory.disable_user", Map.of("user_id", "u-7")))));
    assertThat(phases.find(GLOBEX, bPhase).orElseThrow().state())
        .isEqualTo(ScheduledPhase.State.SCHEDULED);
    // B's session reaches its rate limit: ten payments, and the eleventh is forbidden. Its task
    // names the payee and amount, so the taint each payment's answer brings does not hold the next.
    expect(
        201,
        post(
            "/v1/sessions/shared-session/task",
            bAgent,
            Map.of("task", "Pay supplier S-1 EUR 100 to DE89370400440532013000, ten times")));
    for (int i = 0; i < 10; i++) {
      expect(200, post("/v1/actions", bAgent, payment("shared-session")));
    }
    assertThat((List<?>) post("/v1/actions", bAgent, payment("shared-session")).map().get("rules"))
        .asList()
        .contains("payments-rate-limit");
    bLink =
        links.issue(
            new ApprovalLink(
                GLOBEX, bHeld, "finance-approvers", clock.instant().plusSeconds(600), "b-nonce"));

    aAgent = agentToken(ACME, "finance-bot");
    expect(200, post("/v1/actions", aAgent, call("invoices.list", Map.of())));
    aApproverToken = humanToken(ACME, "carol@acme.example", "finance-leads");
    aAuditor = humanToken(ACME, "ada@acme.example", "audit-team");
    aApprover = signedIn("carol@acme.example", ACME, "finance-leads");
    bApprover = signedIn("gina@globex.example", GLOBEX, "finance-leads");

    ledger.checkpoint(ACME);
    ledger.checkpoint(GLOBEX);
    aSigned = ledger.latestCheckpoint(ACME).orElseThrow().checkpoint().size();
    bSigned = ledger.latestCheckpoint(GLOBEX).orElseThrow().checkpoint().size();
    assertThat(bSigned).as("B's ledger is the longer one").isGreaterThan(aSigned + 5);
  }

  @AfterAll
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    for (AutoCloseable closeable :
        new AutoCloseable[] {approvals, audit, history, phases, ledger, upstream}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (idp != null) {
      idp.shutdown();
    }
    http.close();
  }

  /** One row per served route: how A's callers ask for B's objects, and what they must get. */
  private Map<String, Executable> table() {
    Map<String, Executable> rows = new LinkedHashMap<>();
    rows.put("GET /healthz", () -> sameForEveryCaller("/healthz"));
    rows.put("GET /readyz", () -> sameForEveryCaller("/readyz"));
    rows.put("GET /metrics", () -> sameForEveryCaller("/metrics"));
    rows.put("POST /v1/decisions", () -> anotherTenantsToolIsUnknown("/v1/decisions"));
    rows.put(
        "POST /v1/actions",
        () -> {
          anotherTenantsToolIsUnknown("/v1/actions");
          anotherTenantsSessionIsNotThisOnes();
        });
    rows.put("POST /v1/sessions/{id}/task", this::aSessionIdAnotherTenantUsesIsStillOnesOwn);
    rows.put("GET /v1/actions/{id}", this::anotherTenantsActionsAreNotFound);
    rows.put(
        "GET /.well-known/oauth-protected-resource",
        () -> sameForEveryCaller("/.well-known/oauth-protected-resource"));
    rows.put(
        "GET /.well-known/oauth-protected-resource/{resource...}",
        () -> sameForEveryCaller("/.well-known/oauth-protected-resource/mcp"));
    rows.put("GET /v1/ledger/checkpoint", this::theAuditorSeesOnlyItsOwnCheckpoint);
    rows.put(
        "GET /v1/ledger/entries",
        () -> {
          theAuditorsEntriesAreItsOwn();
          beyondItsOwnLedgerIsNothing("/v1/ledger/entries?start=0&end=%d");
        });
    rows.put(
        "GET /v1/ledger/proof/inclusion",
        () -> beyondItsOwnLedgerIsNothing("/v1/ledger/proof/inclusion?index=0&size=%d"));
    rows.put(
        "GET /v1/ledger/proof/consistency",
        () -> beyondItsOwnLedgerIsNothing("/v1/ledger/proof/consistency?from=1&to=%d"));
    rows.put(
        "GET /v1/ledger/receipt", () -> beyondItsOwnLedgerIsNothing("/v1/ledger/receipt?index=%d"));
    rows.put("GET /console/signin", this::signInNamesNoTenant);
    rows.put("GET /console/callback", this::anotherPersonsSignInIsUnknown);
    rows.put("POST /console/signout", this::anotherSessionsCsrfTokenIsRefusedLikeAnyOther);
    rows.put("GET /console/", this::theConsoleShowsOnlyTheOwnTenant);
    rows.put("GET /approvals/", this::thePendingListHasOnlyTheOwnTenants);
    rows.put("GET /approvals/open", this::anotherTenantsLinkIsNotFound);
    rows.put("GET /approvals/{id}", this::anotherTenantsApprovalIsNotFound);
    rows.put("POST /approvals/{id}", this::aVoteOnAnotherTenantsApprovalIsNotFound);
    rows.put("POST /mcp", this::anotherTenantsMcpSessionAndToolsAreUnknown);
    rows.put("DELETE /mcp", this::anotherTenantsMcpSessionCannotBeEnded);
    return rows;
  }

  @Test
  @Order(1)
  void theTableHoldsEveryRouteTheGatewayServes() {
    List<String> served =
        Stream.of(
                ApiHandler.ROUTES, ConsoleHandler.ROUTES, ApprovalPages.ROUTES, McpEndpoint.ROUTES)
            .flatMap(List::stream)
            .map(HttpRoute::toString)
            .toList();

    assertThat(table().keySet()).containsExactlyInAnyOrderElementsOf(served);
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> tenantAAsksForTenantBsObjectsOnEveryRouteAndFindsNothing() {
    return table().entrySet().stream()
        .map(row -> DynamicTest.dynamicTest(row.getKey(), row.getValue()));
  }

  @Test
  @Order(3)
  void tenantBsObjectsAreAsTheyWereAndItsLedgerHasNothingOfTenantA() throws Exception {
    StoredApproval held = approvals.find(GLOBEX, bHeld).orElseThrow();
    assertThat(held.votes()).isEmpty();
    assertThat(ApprovalRules.tally(held.request(), held.votes(), clock.instant()))
        .isInstanceOf(ApprovalStatus.Pending.class);
    assertThat(phases.find(GLOBEX, bPhase).orElseThrow().state())
        .isEqualTo(ScheduledPhase.State.SCHEDULED);
    assertThat(upstream.received()).noneMatch(r -> r.path().contains("/ship"));
    List<AuditEvent> bEvents = audit.read(GLOBEX, 0, 10_000);
    assertThat(bEvents)
        .noneMatch(e -> e.actor().endsWith("@acme.example"))
        .noneMatch(e -> e.type().startsWith("approval.refused"));
    List<String> bIds = List.of(bExecuted, bDecided, bHeld, bPhase);
    assertThat(audit.read(ACME, 0, 10_000))
        .noneMatch(e -> e.actionId().filter(bIds::contains).isPresent());
    // B's link was not spent by A's attempts: B's approver opens it.
    HttpResponse<String> opened = get(bApprover, "/approvals/open?t=" + bLink);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
  }

  // ---- the rows ----

  private void sameForEveryCaller(String path) throws Exception {
    Answer anonymous = get(path, null);
    assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(200);
    for (String token : List.of(aAgent, aApproverToken, aAuditor)) {
      assertThat(get(path, token)).isEqualTo(anonymous);
    }
    assertThat(anonymous.body()).doesNotContain("globex").doesNotContain("acme");
  }

  private void anotherTenantsToolIsUnknown(String path) throws Exception {
    // B's own agent is served its tool: the control that the tool exists somewhere.
    Answer control =
        post(path, agentToken(GLOBEX, "finance-bot"), call("warehouse.ship", Map.of()));
    Answer missingForB =
        post(path, agentToken(GLOBEX, "finance-bot"), call("warehouse.nothing", Map.of()));
    assertThat(normalized(control, "warehouse.ship"))
        .isNotEqualTo(normalized(missingForB, "warehouse.nothing"));
    for (String token : List.of(aAgent, aApproverToken)) {
      Answer theirs = post(path, token, call("warehouse.ship", Map.of()));
      Answer none = post(path, token, call("warehouse.nothing", Map.of()));
      assertThat(normalized(theirs, "warehouse.ship"))
          .isEqualTo(normalized(none, "warehouse.nothing"));
    }
  }

  private void anotherTenantsSessionIsNotThisOnes() throws Exception {
    // B's session is at its rate limit; A's session of the same id has no calls.
    Answer mine = post("/v1/actions", aAgent, payment("shared-session"));
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    assertThat(mine.map()).containsEntry("status", "executed");
  }

  private void aSessionIdAnotherTenantUsesIsStillOnesOwn() throws Exception {
    String bAgent = agentToken(GLOBEX, "finance-bot");
    expect(201, post("/v1/sessions/b-task-session/task", bAgent, Map.of("task", "Pay invoice 7")));
    // The control: B's session has its task now, so a second one is refused.
    expect(409, post("/v1/sessions/b-task-session/task", bAgent, Map.of("task", "Pay invoice 8")));
    // A's session of the same id is A's own and fresh: what B did with the id does not show.
    Answer sameIdAsB =
        post("/v1/sessions/b-task-session/task", aAgent, Map.of("task", "Pay invoice 8"));
    Answer fresh =
        post("/v1/sessions/a-task-session/task", aAgent, Map.of("task", "Pay invoice 8"));
    assertThat(normalized(sameIdAsB, "b-task-session"))
        .isEqualTo(normalized(fresh, "a-task-session"));
    assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
  }

  private void anotherTenantsActionsAreNotFound() throws Exception {
    for (String token : List.of(aAgent, aApproverToken, aAuditor)) {
      Answer none = get("/v1/actions/" + MISSING + "?wait=0", token);
      assertThat(none.status()).isEqualTo(404);
      for (String id : List.of(bExecuted, bDecided, bHeld, bPhase)) {
        assertThat(get("/v1/actions/" + id + "?wait=0", token)).isEqualTo(none);
      }
    }
    // Control: B's agent sees its held call.
    assertThat(get("/v1/actions/" + bHeld + "?wait=0", agentToken(GLOBEX, "finance-bot")).status())
        .isEqualTo(202);
  }

  private void theAuditorSeesOnlyItsOwnCheckpoint() throws Exception {
    Answer checkpoint = get("/v1/ledger/checkpoint", aAuditor);
    assertThat(checkpoint.body())
        .isEqualTo(
            new String(
                ledger.latestCheckpoint(ACME).orElseThrow().toBytes(), StandardCharsets.UTF_8))
        .doesNotContain("globex");
    notAuditors("/v1/ledger/checkpoint");
  }

  private void theAuditorsEntriesAreItsOwn() throws Exception {
    Answer entries = get("/v1/ledger/entries?start=0&end=" + aSigned, aAuditor);
    assertThat(entries.status()).as(entries.body()).isEqualTo(200);
    assertThat(entries.body()).doesNotContain("globex");
    for (String id : List.of(bExecuted, bDecided, bHeld, bPhase)) {
      assertThat(entries.body()).doesNotContain(id);
    }
  }

  /**
   * An index or size that is in B's ledger but beyond A's signed one is answered like one beyond
   * every ledger; people and agents without the auditor role are refused alike.
   */
  private void beyondItsOwnLedgerIsNothing(String pathFormat) throws Exception {
    long inB = bSigned - 1;
    long inNone = bSigned + 1_000;
    Answer theirs = get(pathFormat.formatted(inB), aAuditor);
    Answer none = get(pathFormat.formatted(inNone), aAuditor);
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(400);
    assertThat(normalized(theirs, String.valueOf(inB)))
        .isEqualTo(normalized(none, String.valueOf(inNone)));
    // Control: B's auditor is served that index.
    String bAuditor = humanToken(GLOBEX, "gus@globex.example", "audit-team");
    assertThat(get(pathFormat.formatted(inB), bAuditor).status()).isEqualTo(200);
    notAuditors(pathFormat.formatted(inB));
  }

  private void notAuditors(String path) throws Exception {
    Answer refused = get(path, aAgent);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(get(path, aApproverToken)).isEqualTo(refused);
  }

  private void signInNamesNoTenant() throws Exception {
    HttpResponse<String> a = get(browser(), "/console/signin?return=/approvals/" + bHeld);
    HttpResponse<String> none = get(browser(), "/console/signin?return=/approvals/" + MISSING);
    assertThat(a.statusCode()).isEqualTo(302).isEqualTo(none.statusCode());
    String location = a.headers().firstValue("Location").orElseThrow();
    assertThat(location).doesNotContain("globex").doesNotContain("acme");
  }

  /** A sign-in under way for B's person, finished in A's browser, is an unknown sign-in. */
  private void anotherPersonsSignInIsUnknown() throws Exception {
    URI bCallback = throughProvider(browser());
    HttpResponse<String> theirs = get(aApprover, bCallback.toString());
    HttpResponse<String> none =
        get(aApprover, "/console/callback?state=made-up-state&code=made-up-code");
    assertThat(theirs.statusCode()).isEqualTo(400).isEqualTo(none.statusCode());
    assertThat(theirs.body()).isEqualTo(none.body());
    assertThat(get(aApprover, "/console/").body()).contains("carol@acme.example");
  }

  private void anotherSessionsCsrfTokenIsRefusedLikeAnyOther() throws Exception {
    String bCsrf = csrf(get(bApprover, "/console/").body());
    HttpResponse<String> theirs = post(aApprover, "/console/signout", "csrf=" + bCsrf);
    HttpResponse<String> none = post(aApprover, "/console/signout", "csrf=made-up-csrf-token");
    assertThat(theirs.statusCode()).isEqualTo(403).isEqualTo(none.statusCode());
    assertThat(theirs.body()).isEqualTo(none.body());
    assertThat(get(aApprover, "/console/").statusCode()).isEqualTo(200);
    assertThat(get(bApprover, "/console/").statusCode()).isEqualTo(200);
  }

  private void theConsoleShowsOnlyTheOwnTenant() throws Exception {
    assertThat(get(aApprover, "/console/").body()).contains("acme").doesNotContain("globex");
    assertThat(get(bApprover, "/console/").body()).contains("globex");
    agentsAreSentToSignIn("/console/");
  }

  private void thePendingListHasOnlyTheOwnTenants() throws Exception {
    HttpResponse<String> mine = get(aApprover, "/approvals/");
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body()).doesNotContain(bHeld).contains("Nothing waits for you");
    assertThat(get(bApprover, "/approvals/").body()).contains(bHeld);
    agentsAreSentToSignIn("/approvals/");
  }

  private void anotherTenantsLinkIsNotFound() throws Exception {
    String mineToNothing =
        links.issue(
            new ApprovalLink(
                ACME, MISSING, "finance-approvers", clock.instant().plusSeconds(600), "a-nonce"));
    HttpResponse<String> none = get(aApprover, "/approvals/open?t=" + mineToNothing);
    assertThat(none.statusCode()).isEqualTo(404);
    // B's real link, and links naming B or a tenant nobody has, forged with A's key.
    List<String> others =
        List.of(bLink, forged(GLOBEX, bHeld, ACME), forged(TenantId.of("initech"), bHeld, ACME));
    for (String link : others) {
      HttpResponse<String> theirs = get(aApprover, "/approvals/open?t=" + link);
      assertThat(theirs.statusCode()).isEqualTo(none.statusCode());
      assertThat(theirs.body()).isEqualTo(none.body());
    }
    assertThat(approvalKeys).doesNotContainKey(TenantId.of("initech"));
    HttpResponse<String> agentTheirs = get(agentBrowser(), "/approvals/open?t=" + bLink);
    HttpResponse<String> agentNone = get(agentBrowser(), "/approvals/open?t=" + mineToNothing);
    assertThat(agentTheirs.statusCode()).isEqualTo(303).isEqualTo(agentNone.statusCode());
  }

  private void anotherTenantsApprovalIsNotFound() throws Exception {
    HttpResponse<String> none = get(aApprover, "/approvals/" + MISSING);
    HttpResponse<String> theirs = get(aApprover, "/approvals/" + bHeld);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(theirs.statusCode()).isEqualTo(none.statusCode());
    assertThat(theirs.body()).isEqualTo(none.body());
    assertThat(get(bApprover, "/approvals/" + bHeld).statusCode()).isEqualTo(200);
    agentsAreSentToSignIn("/approvals/" + bHeld, "/approvals/" + MISSING);
  }

  private void aVoteOnAnotherTenantsApprovalIsNotFound() throws Exception {
    String csrf = csrf(get(aApprover, "/console/").body());
    for (String verdict : List.of("approve", "reject")) {
      String form = "csrf=" + csrf + "&verdict=" + verdict;
      HttpResponse<String> none = post(aApprover, "/approvals/" + MISSING, form);
      HttpResponse<String> theirs = post(aApprover, "/approvals/" + bHeld, form);
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(theirs.statusCode()).isEqualTo(none.statusCode());
      assertThat(theirs.body()).isEqualTo(none.body());
    }
    assertThat(approvals.find(GLOBEX, bHeld).orElseThrow().votes()).isEmpty();
    HttpResponse<String> agentTheirs =
        post(agentBrowser(), "/approvals/" + bHeld, "verdict=approve");
    HttpResponse<String> agentNone =
        post(agentBrowser(), "/approvals/" + MISSING, "verdict=approve");
    assertThat(agentTheirs.statusCode()).isEqualTo(401).isEqualTo(agentNone.statusCode());
    assertThat(agentTheirs.body()).isEqualTo(agentNone.body());
  }

  /** Agents never sign in: with their token, both paths send them to sign in, alike. */
  private void agentsAreSentToSignIn(String... paths) throws Exception {
    List<String> locations = new ArrayList<>();
    for (String path : paths) {
      HttpResponse<String> answer = get(agentBrowser(), path);
      assertThat(answer.statusCode()).isEqualTo(303);
      locations.add(
          answer
              .headers()
              .firstValue("Location")
              .orElseThrow()
              .replace(URLEncoder.encode(path, StandardCharsets.UTF_8), "<path>"));
    }
    assertThat(locations).allMatch(locations.get(0)::equals);
  }

  // ---- the deployment ----

  /** The quickstart with a second tenant, globex, a copy of acme with a tool of its own. */
  private Path deployment() throws IOException {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    issuer.writeJwks(config);
    Path acme = config.resolve("tenants/acme");
    Path globex = config.resolve("tenants/globex");
    try (Stream<Path> files = Files.walk(acme)) {
      for (Path file : files.toList()) {
        Path target = globex.resolve(acme.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    for (String tenant : List.of("acme", "globex")) {
      for (String system : List.of("erp", "mail", "crm", "directory")) {
        ExampleDeployments.edit(
            config,
            "tenants/" + tenant + "/tenant.yaml",
            "http://127.0.0.1:9801/" + system,
            upstream.baseUrl() + "/" + system);
      }
      // Payments outside business hours would be held: the test runs at any hour.
      String payments = "tenants/" + tenant + "/policies/payments.yaml";
      String rules = Files.readString(config.resolve(payments));
      Files.writeString(
          config.resolve(payments),
          rules.substring(0, rules.indexOf("  - id: payments-outside-business-hours")));
    }
    ExampleDeployments.edit(
        config, "tenants/globex/tenant.yaml", "name: Acme Corp", "name: Globex Corp");
    ExampleDeployments.edit(
        config,
        "tenants/globex/tenant.yaml",
        "tools: [invoices.*, payments.pay_supplier,",
        "tools: [warehouse.ship, invoices.*, payments.pay_supplier,");
    Files.writeString(
        globex.resolve("tools.yaml"),
        Files.readString(globex.resolve("tools.yaml"))
            + "\n  - name: warehouse.ship\n    connector: erp\n    effect: read\n"
            + "    description: Globex only.\n    http: {method: GET, path: /ship}\n");
    ExampleDeployments.edit(config, "sallyport.yaml", "  - acme\n", "  - acme\n  - globex\n");
    ExampleDeployments.edit(
        config,
        "sallyport.yaml",
        "      audience: sallyport\n",
        "      audience: sallyport\n      tenants: [acme, globex]\n");
    String provider = idp.issuerUrl(IDP).toString();
    ExampleDeployments.edit(
        config,
        "sallyport.yaml",
        "  issuers:\n",
        "  issuers:\n    - issuer: "
            + provider
            + "\n      audience: "
            + CLIENT
            + "\n      discovery: true\n      tenants: [acme, globex]\n"
            + "      tenant_claim: tenant\n      group_claims: [groups]\n");
    Files.writeString(
        config.resolve("sallyport.yaml"),
        Files.readString(config.resolve("sallyport.yaml"))
            + "\nconsole:\n  issuer: "
            + provider
            + "\n  client_id: "
            + CLIENT
            + "\n  client_secret_file: console-secret\n  public_origin: "
            + origin
            + "\n");
    Files.writeString(config.resolve("console-secret"), "s3cret-of-the-console\n");
    return config;
  }

  // ---- callers ----

  private String agentToken(TenantId tenant, String agent) {
    return issuer.agentToken(tenant.value(), agent, clock.instant());
  }

  private String humanToken(TenantId tenant, String user, String group) {
    return issuer.sign(
        TestingIssuer.humanClaims(tenant.value(), user, List.of(group), clock.instant()).build(),
        h -> h);
  }

  private static Map<String, Object> call(String tool, Map<String, Object> arguments) {
    return Map.of("tool", tool, "arguments", arguments, "session_id", "probe-session");
  }

  private static Map<String, Object> payment(String session) {
    return Map.of(
        "tool",
        "payments.pay_supplier",
        "arguments",
        GatewayFixture.payment(100),
        "session_id",
        session);
  }

  /** A link naming {@code tenant}, signed with {@code signer}'s key: what a forger can make. */
  private String forged(TenantId tenant, String approval, TenantId signer) {
    String real =
        links.issue(
            new ApprovalLink(
                signer, approval, "finance-approvers", clock.instant().plusSeconds(600), "f"));
    String[] parts = real.split("\\.");
    String payload =
        new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(
                "\"tenant\":\"" + signer.value() + "\"", "\"tenant\":\"" + tenant.value() + "\"");
    return parts[0]
        + "."
        + java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  record Answer(int status, String type, String body, ObjectMapper json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map() throws IOException {
      return json.readValue(body, Map.class);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Answer a
          && a.status == status
          && a.type.equals(type)
          && a.body.equals(body);
    }

    @Override
    public int hashCode() {
      return status;
    }

    @Override
    public String toString() {
      return status + " " + type + " " + body;
    }
  }

  /** The answer with action ids and the named values replaced, so that two answers compare. */
  private static String normalized(Answer answer, String... values) {
    String body =
        answer.body().replaceAll("\"action_id\":\"[A-Za-z0-9_-]+\"", "\"action_id\":\"<id>\"");
    for (String value : values) {
      // Whole values only: 40 must not turn the status 400 into something else.
      body =
          body.replaceAll("(?<![A-Za-z0-9])" + Pattern.quote(value) + "(?![A-Za-z0-9])", "<value>");
    }
    return answer.status() + " " + answer.type() + " " + body;
  }

  private static Answer expect(int status, Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    return answer;
  }

  private String actionId(Answer answer) throws IOException {
    return (String) answer.map().get("action_id");
  }

  private Answer get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private Answer post(String path, String token, Map<String, Object> body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(origin + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build());
  }

  private Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body(),
        json);
  }

  // ---- MCP ----

  /** Opens an MCP session for {@code token} and returns its id. */
  private String mcpSession(String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            mcpRequest(token, null)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                            + "\"params\":{\"protocolVersion\":\"2025-06-18\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private HttpRequest.Builder mcpRequest(String token, String session) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin + "/mcp"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream");
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    return request;
  }

  private Answer mcp(String token, String session, String method, Map<String, Object> params)
      throws Exception {
    Map<String, Object> message =
        Map.of("jsonrpc", "2.0", "id", 7, "method", method, "params", params);
    return send(
        mcpRequest(token, session)
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(message)))
            .build());
  }

  private void anotherTenantsMcpSessionAndToolsAreUnknown() throws Exception {
    String bSession = mcpSession(agentToken(GLOBEX, "finance-bot"));
    // The control: B's agent is listed its own tool and may use its session.
    assertThat(mcp(agentToken(GLOBEX, "finance-bot"), bSession, "tools/list", Map.of()).body())
        .contains("warehouse.ship");
    String aSession = mcpSession(aAgent);
    String guessed = bSession.substring(0, bSession.length() - 4) + "AAAA";
    assertThat(mcp(aAgent, bSession, "ping", Map.of()))
        .isEqualTo(mcp(aAgent, guessed, "ping", Map.of()));
    assertThat(mcp(aAgent, bSession, "ping", Map.of()).status()).isEqualTo(404);
    assertThat(mcp(aAgent, aSession, "tools/list", Map.of()).body()).doesNotContain("warehouse.");
    Answer theirs =
        mcp(
            aAgent,
            aSession,
            "tools/call",
            Map.of("name", "warehouse.ship", "arguments", Map.of()));
    Answer none =
        mcp(
            aAgent,
            aSession,
            "tools/call",
            Map.of("name", "warehouse.nothing", "arguments", Map.of()));
    assertThat(normalized(theirs, "warehouse.ship").replaceAll("action [0-9a-f-]+", "action <id>"))
        .isEqualTo(
            normalized(none, "warehouse.nothing").replaceAll("action [0-9a-f-]+", "action <id>"));
  }

  private void anotherTenantsMcpSessionCannotBeEnded() throws Exception {
    String bSession = mcpSession(agentToken(GLOBEX, "finance-bot"));
    Answer theirs = send(mcpRequest(aAgent, bSession).DELETE().build());
    Answer none = send(mcpRequest(aAgent, "no-such-session").DELETE().build());
    assertThat(theirs).isEqualTo(none);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(mcp(agentToken(GLOBEX, "finance-bot"), bSession, "ping", Map.of()).status())
        .as("B's session survives A's attempt")
        .isEqualTo(200);
  }

  // ---- browsers ----

  /**
   * An HTTP client that keeps cookies and follows no redirect, as a browser; {@code bearer}, when
   * not null, goes with every request (an agent trying the console with its token).
   */
  record Browser(HttpClient client, String bearer) {
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static Browser browser() {
    return new Browser(
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        null);
  }

  /** A browser whose every request carries A's agent token. */
  private Browser agentBrowser() {
    return new Browser(browser().client(), aAgent);
  }

  private HttpResponse<String> get(Browser browser, String pathOrUri) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(origin).resolve(pathOrUri)).GET());
  }

  private HttpResponse<String> post(Browser browser, String path, String form) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create(origin + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", origin)
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** Starts a sign-in in {@code browser} and goes through the provider; the callback's URI. */
  private URI throughProvider(Browser browser) throws Exception {
    HttpResponse<String> start = get(browser, "/console/signin?return=/console/");
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> provider = get(browser, authorize.toString());
    return authorize.resolve(provider.headers().firstValue("Location").orElseThrow());
  }

  private Browser signedIn(String subject, TenantId tenant, String group) throws Exception {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            IDP,
            subject,
            "JWT",
            List.of(CLIENT),
            Map.of(
                "tenant",
                tenant.value(),
                "principal_type",
                "human",
                "groups",
                List.of(group),
                "name",
                subject),
            3600));
    Browser browser = browser();
    HttpResponse<String> back = get(browser, throughProvider(browser).toString());
    assertThat(back.statusCode()).as("sign-in of %s: %s", subject, back.body()).isEqualTo(303);
    return browser;
  }

  private static String csrf(String page) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as("a form with a CSRF token").isTrue();
    return m.group(1);
  }
}
