package dev.sallyport.console.approvals;

import static java.util.Objects.requireNonNull;

import dev.sallyport.approval.ApprovalLink;
import dev.sallyport.approval.ApprovalRequest;
import dev.sallyport.approval.ApprovalRules;
import dev.sallyport.approval.ApprovalStatus;
import dev.sallyport.approval.ApprovalStore;
import dev.sallyport.approval.Ballot;
import dev.sallyport.approval.Eligibility;
import dev.sallyport.approval.LinkTokenException;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.approval.Verdict;
import dev.sallyport.approval.Vote;
import dev.sallyport.approval.VoteResult;
import dev.sallyport.console.ConsoleHandler;
import dev.sallyport.console.ConsoleSession;
import dev.sallyport.console.Html;
import dev.sallyport.model.HttpRoute;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /approvals/}: the pending list, one approval's page with its approve and reject form, and
 * {@code /approvals/open?t=<link token>} for the one-time links in notifications.
 *
 * <p>Everything needs a signed-in person. An approval of another tenant, or one that does not
 * exist, answers the same 404. A person the rules refuse (an agent, the requester, the agent's
 * owner under separation of duties, someone outside the approver groups) sees a 403 and the refusal
 * is recorded. A link is spent when the signed-in person it reaches opens it; a reused, expired or
 * forged link opens nothing.
 */
public final class ApprovalPages extends Handler.Abstract {
  /** The path prefix this handler answers. */
  public static final String PREFIX = "/approvals/";

  /**
   * Every route served here; another path under {@link #PREFIX} is a 404. ({@code open} comes
   * before {@code {id}}, which its path also fits.)
   */
  public static final List<HttpRoute> ROUTES =
      Stream.of(
              "GET /approvals/",
              "GET /approvals/open",
              "GET /approvals/{id}",
              "POST /approvals/{id}")
          .map(HttpRoute::of)
          .toList();

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ConsoleHandler console;
  private final ApprovalStore store;
  private final LinkTokens links;
  private final ApprovalDecisions decisions;
  private final Clock clock;

  public ApprovalPages(
      ConsoleHandler console,
      ApprovalStore store,
      LinkTokens links,
      ApprovalDecisions decisions,
      Clock clock) {
    this.console = requireNonNull(console, "console is null");
    this.store = requireNonNull(store, "store is null");
    this.links = requireNonNull(links, "links is null");
    this.decisions = requireNonNull(decisions, "decisions is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    HttpRoute route;
    switch (HttpRoute.match(ROUTES, request.getMethod(), path)) {
      case HttpRoute.Match.NotFound n -> {
        notFound(response, callback);
        return true;
      }
      case HttpRoute.Match.WrongMethod w -> {
        response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", w.allowed()));
        ConsoleHandler.page(
            response, callback, 405, "Method not allowed", "<h1>Method not allowed</h1>");
        return true;
      }
      case HttpRoute.Match.Found f -> route = f.route();
    }
    Optional<ConsoleSession> session = console.session(request);
    if (session.isEmpty()) {
      if ("GET".equals(request.getMethod())) {
        String query = request.getHttpURI().getQuery();
        ConsoleHandler.redirectToSignIn(
            request, response, callback, query == null ? path : path + "?" + query);
      } else {
        ConsoleHandler.page(response, callback, 401, "Sign in", "<h1>Sign in first.</h1>");
      }
      return true;
    }
    String rest = path.substring(PREFIX.length());
    switch (route.toString()) {
      case "GET /approvals/" -> list(session.get(), response, callback);
      case "GET /approvals/open" -> open(request, session.get(), response, callback);
      case "GET /approvals/{id}" -> {
        if (ID.matcher(rest).matches()) {
          show(rest, session.get(), response, callback, null);
        } else {
          notFound(response, callback);
        }
      }
      case "POST /approvals/{id}" -> {
        if (ID.matcher(rest).matches()) {
          decide(request, rest, session.get(), response, callback);
        } else {
          notFound(response, callback);
        }
      }
      default -> throw new IllegalStateException("listed but not served: " + route);
    }
    return true;
  }

  private void list(ConsoleSession session, Response response, Callback callback) {
    StringBuilder rows = new StringBuilder();
    for (StoredApproval a : store.pending(session.principal().tenant(), clock.instant())) {
      if (ApprovalRules.eligibility(a.request(), session.principal(), a.votes())
          instanceof Eligibility.Eligible) {
        ApprovalRequest r = a.request();
        rows.append("<tr><td><a href=\"/approvals/")
            .append(Html.text(r.id()))
            .append("\">")
            .append(Html.text(r.tool()))
            .append("</a></td><td>")
            .append(Html.text(r.agentId()))
            .append("</td><td>")
            .append(Html.text(r.reason()))
            .append("</td><td>")
            .append(Html.text(r.expiresAt().toString()))
            .append("</td></tr>");
      }
    }
    ConsoleHandler.page(
        response,
        callback,
        200,
        "Pending approvals",
        "<h1>Pending approvals</h1>"
            + (rows.isEmpty()
                ? "<p id=\"empty\">Nothing waits for you.</p>"
                : "<table id=\"pending\"><tr><th>Tool</th><th>Agent</th><th>Why</th>"
                    + "<th>Expires</th></tr>"
                    + rows
                    + "</table>")
            + ConsoleHandler.signOutForm(session));
  }

  private void open(Request request, ConsoleSession session, Response response, Callback callback) {
    String token = Request.extractQueryParameters(request).getValue("t");
    Optional<ApprovalLink> verified;
    try {
      verified = links.verify(token, session.principal().tenant());
    } catch (LinkTokenException e) {
      refusedLink(response, callback, e.getMessage());
      return;
    }
    if (verified.isEmpty()) {
      // Another tenant's link, real or forged: answered like a link to no approval.
      notFound(response, callback);
      return;
    }
    ApprovalLink link = verified.get();
    Optional<StoredApproval> approval = store.find(link.tenant(), link.approvalId());
    if (approval.isEmpty()) {
      notFound(response, callback);
      return;
    }
    if (ApprovalRules.eligibility(
                approval.get().request(), session.principal(), approval.get().votes())
            instanceof Eligibility.Ineligible(Eligibility.IneligibleReason reason)
        && reason != Eligibility.IneligibleReason.ALREADY_VOTED) {
      // A forwarded link reaches someone the rules refuse: the link stays unspent for its owner.
      refuse(approval.get(), session, reason, response, callback);
      return;
    }
    if (!store.consumeLink(link.tenant(), link.nonce(), link.expiresAt())) {
      refusedLink(response, callback, "link has been used");
      return;
    }
    ConsoleHandler.page(
        response,
        callback,
        200,
        "Opening approval",
        "<p><a id=\"continue\" href=\"/approvals/"
            + Html.text(link.approvalId())
            + "\">Continue to the approval</a></p>");
  }

  private void show(
      String id, ConsoleSession session, Response response, Callback callback, String notice) {
    Optional<StoredApproval> found = store.find(session.principal().tenant(), id);
    if (found.isEmpty()) {
      notFound(response, callback);
      return;
    }
    StoredApproval approval = found.get();
    ApprovalRequest r = approval.request();
    ApprovalStatus status = ApprovalRules.tally(r, approval.votes(), clock.instant());
    Eligibility eligibility = ApprovalRules.eligibility(r, session.principal(), approval.votes());
    if (eligibility instanceof Eligibility.Ineligible(Eligibility.IneligibleReason reason)
        && reason != Eligibility.IneligibleReason.ALREADY_VOTED) {
      refuse(approval, session, reason, response, callback);
      return;
    }
    StringBuilder body = new StringBuilder();
    body.append("<h1>Approve this call?</h1>");
    if (notice != null) {
      body.append("<p id=\"notice\"><strong>").append(Html.text(notice)).append("</strong></p>");
    }
    body.append("<table id=\"call\">")
        .append(row("Agent", r.agentId()))
        .append(row("Tool", r.tool()))
        .append(row("Why it stopped", r.reason()))
        .append(row("Rules", String.join(", ", r.ruleIds())))
        .append(row("Policy version", r.policyVersion()))
        .append(row("Arguments digest (SHA-256)", r.argumentsDigest()))
        .append(row("Expires", r.expiresAt().toString()))
        .append(row("Status", status.wireName()))
        .append("</table><h2>Arguments</h2><table id=\"args\">");
    for (Map.Entry<String, Object> argument :
        new java.util.TreeMap<>(r.shownArguments()).entrySet()) {
      body.append(row(argument.getKey(), String.valueOf(argument.getValue())));
    }
    body.append("</table>");
    if (!approval.votes().isEmpty()) {
      body.append("<h2>Votes</h2><ul id=\"votes\">");
      for (Vote vote : approval.votes()) {
        body.append("<li>")
            .append(Html.text(vote.approverName()))
            .append(": ")
            .append(vote.verdict().wireName())
            .append("</li>");
      }
      body.append("</ul>");
    }
    if (status instanceof ApprovalStatus.Pending && eligibility instanceof Eligibility.Eligible) {
      body.append("<form method=\"post\" action=\"/approvals/")
          .append(Html.text(r.id()))
          .append("\"><input type=\"hidden\" name=\"csrf\" value=\"")
          .append(Html.text(session.csrfToken()))
          .append("\"><p><label>Reason (optional)<br><textarea name=\"reason\" maxlength=\"")
          .append(Vote.MAX_REASON_LENGTH)
          .append("\"></textarea></label></p>")
          .append("<button id=\"approve\" name=\"verdict\" value=\"approve\">Approve</button> ")
          .append("<button id=\"reject\" name=\"verdict\" value=\"reject\">Reject</button>")
          .append("</form>");
    }
    body.append("<p><a href=\"/approvals/\">All pending approvals</a></p>");
    ConsoleHandler.page(response, callback, 200, "Approval", body.toString());
  }

  private void decide(
      Request request, String id, ConsoleSession session, Response response, Callback callback) {
    Fields form;
    try {
      form = FormFields.getFields(request, 8, 8_192);
    } catch (RuntimeException e) {
      ConsoleHandler.page(response, callback, 400, "Bad request", "<h1>Bad request</h1>");
      return;
    }
    if (!console.acceptsChange(request, session, form)) {
      ConsoleHandler.page(
          response, callback, 403, "Refused", "<h1>Refused: the form is stale or foreign.</h1>");
      return;
    }
    Verdict verdict =
        switch (String.valueOf(form.getValue("verdict"))) {
          case "approve" -> Verdict.APPROVE;
          case "reject" -> Verdict.REJECT;
          default -> null;
        };
    String reason = form.getValue("reason");
    if (verdict == null || (reason != null && reason.length() > Vote.MAX_REASON_LENGTH)) {
      ConsoleHandler.page(response, callback, 400, "Bad request", "<h1>Bad request</h1>");
      return;
    }
    Ballot ballot =
        new Ballot(
            session.principal(),
            session.displayName(),
            verdict,
            reason == null || reason.isBlank() ? Optional.empty() : Optional.of(reason.strip()));
    VoteResult result = store.vote(session.principal().tenant(), id, ballot, clock.instant());
    switch (result) {
      case VoteResult.NotFound n -> notFound(response, callback);
      case VoteResult.Refused(Eligibility.IneligibleReason reason1) -> {
        StoredApproval approval = store.find(session.principal().tenant(), id).orElseThrow();
        refuse(approval, session, reason1, response, callback);
      }
      case VoteResult.AlreadyFinal(ApprovalStatus status) ->
          show(
              id,
              session,
              response,
              callback,
              "Already " + status.wireName() + "; nothing changed.");
      case VoteResult.Recorded(ApprovalStatus status, boolean decidedNow) -> {
        StoredApproval approval = store.find(session.principal().tenant(), id).orElseThrow();
        Vote vote = approval.votes().get(approval.votes().size() - 1);
        if (decidedNow) {
          decisions.decided(approval, vote, status);
        } else {
          decisions.voted(approval, vote);
        }
        show(id, session, response, callback, "Recorded: " + status.wireName() + ".");
      }
    }
  }

  private void refuse(
      StoredApproval approval,
      ConsoleSession session,
      Eligibility.IneligibleReason reason,
      Response response,
      Callback callback) {
    if (reason == Eligibility.IneligibleReason.NOT_FOUND) {
      notFound(response, callback);
      return;
    }
    decisions.refused(
        approval.request().tenant(),
        approval.request().id(),
        session.principal().id(),
        reason.name().toLowerCase(java.util.Locale.ROOT));
    ConsoleHandler.page(
        response,
        callback,
        403,
        "Not yours to decide",
        "<h1 id=\"refused\">You may not decide this approval.</h1>");
  }

  private static void refusedLink(Response response, Callback callback, String why) {
    ConsoleHandler.page(
        response,
        callback,
        410,
        "Link refused",
        "<h1 id=\"refused\">This link cannot be used</h1><p>" + Html.text(why) + "</p>");
  }

  private static void notFound(Response response, Callback callback) {
    ConsoleHandler.page(response, callback, 404, "Not found", "<h1>Not found</h1>");
  }

  private static String row(String name, String value) {
    return "<tr><th>" + Html.text(name) + "</th><td>" + Html.text(value) + "</td></tr>";
  }
}
