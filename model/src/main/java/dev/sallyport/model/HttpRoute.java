package dev.sallyport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One route an HTTP handler serves: a method and a path template, where {@code {name}} stands for
 * one non-empty path segment and a last {@code {name...}} for one or more segments.
 *
 * <p>Each handler of the gateway lists its routes and answers nothing else ({@link #match}), so
 * that the list is the whole truth about what it serves: the cross-tenant test holds every listed
 * route against its table, and a route added to a handler without being listed is unreachable.
 *
 * @param method the HTTP method, upper case
 * @param template the path, starting with {@code /}
 */
public record HttpRoute(String method, String template) {
  private static final Pattern METHOD = Pattern.compile("[A-Z]{3,7}");
  private static final Pattern VARIABLE = Pattern.compile("\\{[a-z_]+(\\.\\.\\.)?}");

  public HttpRoute {
    requireNonNull(method, "method is null");
    requireNonNull(template, "template is null");
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("not an HTTP method: " + method);
    }
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a path template starts with /: " + template);
    }
    String[] segments = template.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean variable = VARIABLE.matcher(segment).matches();
      if (!variable && (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0)) {
        throw new IllegalArgumentException("a variable is a whole segment: " + template);
      }
      if (variable && segment.endsWith("...}") && i != segments.length - 1) {
        throw new IllegalArgumentException("only the last segment takes the rest: " + template);
      }
    }
  }

  /** Parses {@code "GET /v1/actions/{id}"}. */
  public static HttpRoute of(String route) {
    int space = route.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("a route is METHOD /path: " + route);
    }
    return new HttpRoute(route.substring(0, space), route.substring(space + 1));
  }

  /** Whether {@code path} (as routed: decoded, without the query) fits the template. */
  public boolean matchesPath(String path) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    String[] want = template.substring(1).split("/", -1);
    String[] have = path.substring(1).split("/", -1);
    for (int i = 0; i < want.length; i++) {
      if (i >= have.length) {
        return false;
      }
      String segment = want[i];
      if (segment.endsWith("...}")) {
        for (int j = i; j < have.length; j++) {
          if (have[j].isEmpty()) {
            return false;
          }
        }
        return true;
      }
      boolean variable = segment.startsWith("{");
      if (variable ? have[i].isEmpty() : !segment.equals(have[i])) {
        return false;
      }
    }
    return have.length == want.length;
  }

  /** What a handler's list of routes says about a request. */
  public sealed interface Match {
    /** The route that serves it. */
    record Found(HttpRoute route) implements Match {}

    /** The path is served, by other methods only (for a 405 and its {@code Allow}). */
    record WrongMethod(List<String> allowed) implements Match {
      public WrongMethod {
        allowed = List.copyOf(allowed);
      }
    }

    /** No route has this path. */
    record NotFound() implements Match {}
  }

  /** Finds the route of {@code routes} that serves {@code method} and {@code path}. */
  public static Match match(List<HttpRoute> routes, String method, String path) {
    List<HttpRoute> byPath = routes.stream().filter(r -> r.matchesPath(path)).toList();
    for (HttpRoute route : byPath) {
      if (route.method().equals(method)) {
        return new Match.Found(route);
      }
    }
    if (byPath.isEmpty()) {
      return new Match.NotFound();
    }
    return new Match.WrongMethod(byPath.stream().map(HttpRoute::method).distinct().toList());
  }

  @Override
  public String toString() {
    return method + " " + template;
  }
}
