package dev.sallyport.console;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.HttpRoute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, callback and sign-out for people, and the session and CSRF checks that other console
 * pages (approvals) use.
 *
 * <ul>
 *   <li>{@code GET /console/signin?return=/path}: starts the flow, sets the browser-binding cookie,
 *       redirects to the provider;
 *   <li>{@code GET /console/callback}: finishes it, opens a new session, redirects back;
 *   <li>{@code POST /console/signout}: with the CSRF token, ends the session;
 *   <li>{@code GET /console/}: who is signed in.
 * </ul>
 *
 * <p>Cookies are {@code HttpOnly; SameSite=Lax; Path=/}, and {@code Secure} with the {@code
 * __Host-} prefix on https. Lax, not Strict: an approver arrives by following a link from e-mail or
 * chat, a cross-site top-level navigation that must carry the session. State-changing requests are
 * POSTs that must carry the session's CSRF token and, when the browser sends one, an {@code Origin}
 * equal to this Sallyport's.
 */
public final class ConsoleHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);

  /** The path prefix this handler answers. */
  public static final String PREFIX = "/console/";

  /** Every route served here; another path under {@link #PREFIX} is a 404. */
  public static final List<HttpRoute> ROUTES =
      Stream.of(
              "GET /console/signin",
              "GET /console/callback",
              "POST /console/signout",
              "GET /console/")
          .map(HttpRoute::of)
          .toList();

  private final ConsoleSettings settings;
  private final SignInFlow flow;
  private final ConsoleSessions sessions;
  private final String sessionCookie;
  private final String bindingCookie;

  public ConsoleHandler(ConsoleSettings settings, SignInFlow flow, ConsoleSessions sessions) {
    this.settings = requireNonNull(settings, "settings is null");
    this.flow = requireNonNull(flow, "flow is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    String prefix = settings.secureCookies() ? "__Host-" : "";
    this.sessionCookie = prefix + "sp_session";
    this.bindingCookie = prefix + "sp_signin";
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    secureHeaders(response);
    switch (HttpRoute.match(ROUTES, request.getMethod(), path)) {
      case HttpRoute.Match.NotFound n ->
          page(response, callback, 404, "Not found", "<h1>Not found</h1>");
      case HttpRoute.Match.WrongMethod w -> {
        response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", w.allowed()));
        page(response, callback, 405, "Method not allowed", "<h1>Method not allowed</h1>");
      }
      case HttpRoute.Match.Found f -> {
        switch (f.route().template()) {
          case "/console/signin" -> signIn(request, response, callback);
          case "/console/callback" -> callback(request, response, callback);
          case "/console/signout" -> signOut(request, response, callback);
          case "/console/" -> home(request, response, callback);
          default -> throw new IllegalStateException("listed but not served: " + f.route());
        }
      }
    }
    return true;
  }

  /** The signed-in person behind this request, if any. */
  public Optional<ConsoleSession> session(Request request) {
    return cookie(request, sessionCookie).flatMap(sessions::find);
  }

  /**
   * Whether a state-changing request may go ahead for {@code session}: its form carries the
   * session's CSRF token, and its {@code Origin}, when sent, is this Sallyport's.
   */
  public boolean acceptsChange(Request request, ConsoleSession session, Fields form) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !origin.equals(settings.publicOrigin().toString())) {
      return false;
    }
    Fields.Field csrf = form.get("csrf");
    return csrf != null && session.acceptsCsrf(csrf.getValue());
  }

  /** Sends a not-signed-in browser to sign in, coming back to {@code returnTo}. */
  public static void redirectToSignIn(
      Request request, Response response, Callback callback, String returnTo) {
    Response.sendRedirect(
        request,
        response,
        callback,
        303,
        "/console/signin?return=" + java.net.URLEncoder.encode(returnTo, StandardCharsets.UTF_8),
        false);
  }

  /** Writes a whole HTML page with the console's headers. */
  public static void page(
      Response response, Callback callback, int status, String title, String body) {
    secureHeaders(response);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.write(
        true,
        java.nio.ByteBuffer.wrap(Html.page(title, body).getBytes(StandardCharsets.UTF_8)),
        callback);
  }

  private void signIn(Request request, Response response, Callback callback) {
    Fields query = Request.extractQueryParameters(request);
    String returnTo = query.getValue("return");
    SignInFlow.Start start;
    try {
      start = flow.start(returnTo);
    } catch (SignInException e) {
      page(response, callback, 503, "Sign-in unavailable", "<h1>Sign-in is busy; try again.</h1>");
      return;
    }
    setCookie(
        response, bindingCookie, start.browserBinding(), SignInFlow.PENDING_LIFETIME.toSeconds());
    Response.sendRedirect(
        request, response, callback, 302, start.authorizationUrl().toString(), false);
  }

  private void callback(Request request, Response response, Callback callback) {
    Fields query = Request.extractQueryParameters(request);
    // The binding cookie is spent whatever happens next.
    setCookie(response, bindingCookie, "", 0);
    if (query.getValue("error") != null) {
      page(response, callback, 400, "Sign-in failed", "<h1>Sign-in was cancelled or refused.</h1>");
      return;
    }
    SignInFlow.SignedIn signedIn;
    try {
      signedIn =
          flow.finish(
              query.getValue("state"),
              query.getValue("code"),
              cookie(request, bindingCookie).orElse(null));
    } catch (SignInException e) {
      LOG.info("console sign-in refused: {}", e.getMessage());
      page(
          response,
          callback,
          400,
          "Sign-in failed",
          "<h1>Sign-in failed</h1><p>"
              + Html.text(e.getMessage())
              + "</p><p><a href=\"/console/signin\">Try again</a></p>");
      return;
    }
    // A session cookie the browser brought is ended, never promoted (session fixation).
    cookie(request, sessionCookie).ifPresent(sessions::close);
    ConsoleSession session = sessions.open(signedIn.principal(), signedIn.displayName());
    setCookie(response, sessionCookie, session.id(), settings.sessionLifetime().toSeconds());
    Response.sendRedirect(request, response, callback, 303, signedIn.returnTo(), false);
  }

  private void signOut(Request request, Response response, Callback callback) {
    Optional<ConsoleSession> session = session(request);
    Fields form;
    try {
      form = FormFields.getFields(request, 16, 4096);
    } catch (RuntimeException e) {
      page(response, callback, 400, "Bad request", "<h1>Bad request</h1>");
      return;
    }
    if (session.isEmpty()) {
      Response.sendRedirect(request, response, callback, 303, "/console/signin", false);
      return;
    }
    if (!acceptsChange(request, session.get(), form)) {
      page(response, callback, 403, "Refused", "<h1>Refused: the form is stale or foreign.</h1>");
      return;
    }
    sessions.close(session.get().id());
    setCookie(response, sessionCookie, "", 0);
    page(response, callback, 200, "Signed out", "<h1>Signed out</h1>");
  }

  private void home(Request request, Response response, Callback callback) {
    Optional<ConsoleSession> session = session(request);
    if (session.isEmpty()) {
      redirectToSignIn(request, response, callback, "/console/");
      return;
    }
    ConsoleSession s = session.get();
    page(
        response,
        callback,
        200,
        "Console",
        "<h1>Sallyport</h1><p>Signed in as <strong id=\"who\">"
            + Html.text(s.displayName())
            + "</strong> ("
            + Html.text(s.principal().tenant().value())
            + "), roles: <span id=\"roles\">"
            + Html.text(String.join(", ", new java.util.TreeSet<>(s.principal().roles())))
            + "</span></p><p><a href=\"/approvals/\">Pending approvals</a></p>"
            + signOutForm(s));
  }

  /** The sign-out button, with the session's CSRF token. */
  public static String signOutForm(ConsoleSession session) {
    return "<form method=\"post\" action=\"/console/signout\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\""
        + Html.text(session.csrfToken())
        + "\"><button type=\"submit\">Sign out</button></form>";
  }

  private void setCookie(Response response, String name, String value, long maxAgeSeconds) {
    StringBuilder cookie =
        new StringBuilder(name)
            .append('=')
            .append(value)
            .append("; Path=/; HttpOnly; SameSite=Lax; Max-Age=")
            .append(maxAgeSeconds);
    if (settings.secureCookies()) {
      cookie.append("; Secure");
    }
    response.getHeaders().add(HttpHeader.SET_COOKIE, cookie.toString());
  }

  private static Optional<String> cookie(Request request, String name) {
    List<HttpCookie> cookies = Request.getCookies(request);
    for (HttpCookie cookie : cookies) {
      if (cookie.getName().equals(name)) {
        return Optional.of(cookie.getValue());
      }
    }
    return Optional.empty();
  }

  private static void secureHeaders(Response response) {
    response.getHeaders().put("Cache-Control", "no-store");
    response.getHeaders().put("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: a link token in the URL never leaves in a Referer to another
    // site, yet a form POST keeps its real Origin (under no-referrer, browsers send "Origin: null"
    // for POSTs, which the Origin check rightly refuses).
    response.getHeaders().put("Referrer-Policy", "same-origin");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response
        .getHeaders()
        .put(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'");
  }
}
