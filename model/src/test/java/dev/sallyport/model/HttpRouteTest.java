package dev.sallyport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRouteTest {
  private static final List<HttpRoute> ROUTES =
      List.of(
          HttpRoute.of("GET /healthz"),
          HttpRoute.of("POST /v1/actions"),
          HttpRoute.of("GET /v1/actions/{id}"),
          HttpRoute.of("GET /approvals/{id}"),
          HttpRoute.of("POST /approvals/{id}"),
          HttpRoute.of("GET /.well-known/x/{rest...}"));

  @ParameterizedTest
  @CsvSource({
    "GET, /healthz, GET /healthz",
    "POST, /v1/actions, POST /v1/actions",
    "GET, /v1/actions/a1, GET /v1/actions/{id}",
    "POST, /approvals/a1, POST /approvals/{id}",
    "GET, /.well-known/x/a, GET /.well-known/x/{rest...}",
    "GET, /.well-known/x/a/b/c, GET /.well-known/x/{rest...}",
  })
  void findsTheRouteOfAPathAndMethod(String method, String path, String route) {
    assertThat(HttpRoute.match(ROUTES, method, path))
        .isEqualTo(new HttpRoute.Match.Found(HttpRoute.of(route)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/healthz/",
        "/healthzz",
        "/v1/actions/",
        "/v1/actions/a/b",
        "/v1/actions//",
        "//v1/actions",
        "/.well-known/x",
        "/.well-known/x/",
        "/.well-known/x/a//b",
        "/.well-known/x/a/",
        "",
        "healthz",
        "/"
      })
  void findsNothingForAPathNoTemplateFits(String path) {
    assertThat(HttpRoute.match(ROUTES, "GET", path)).isEqualTo(new HttpRoute.Match.NotFound());
  }

  @ParameterizedTest
  @CsvSource({"DELETE, /approvals/a1, GET|POST", "GET, /v1/actions, POST"})
  void namesTheMethodsOfAPathServedByOthers(String method, String path, String allowed) {
    assertThat(HttpRoute.match(ROUTES, method, path))
        .isEqualTo(new HttpRoute.Match.WrongMethod(List.of(allowed.split("\\|"))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get /x",
        "GET x",
        "GET",
        "GET /a{id}",
        "GET /{rest...}/x",
        "GET /{ID}",
        "GET /x}"
      })
  void refusesMalformedRoutes(String route) {
    assertThatThrownBy(() -> HttpRoute.of(route)).isInstanceOf(IllegalArgumentException.class);
  }
}
