package dev.sallyport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.console.ConsoleHandler;
import dev.sallyport.console.approvals.ApprovalPages;
import dev.sallyport.model.HttpRoute;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the path, {@link HttpRoute#match} over the gateway's routes answers without
 * throwing, and what it finds is consistent: a found route has the method and fits the path, a
 * wrong method names only methods of routes that fit, and nothing found means no route fits. Seeds
 * are in {@code src/test/resources/dev/sallyport/gateway/http/RoutesFuzzTestInputs/
 * matchesOrRefusesAnyPath/}: the first byte picks the method ({@code G}ET, {@code P}OST, anything
 * else DELETE), the rest is the path as UTF-8.
 *
 * <p>A real fuzzing run, as for {@link ActionRequestParserFuzzTest}, with {@code
 * -Dtest=RoutesFuzzTest}.
 */
class RoutesFuzzTest {
  private static final List<HttpRoute> ROUTES =
      Stream.of(ApiHandler.ROUTES, ConsoleHandler.ROUTES, ApprovalPages.ROUTES)
          .flatMap(List::stream)
          .toList();

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void matchesOrRefusesAnyPath(byte[] input) {
    if (input.length < 1) {
      return;
    }
    String method =
        switch (input[0]) {
          case 'G' -> "GET";
          case 'P' -> "POST";
          default -> "DELETE";
        };
    String path = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);

    List<HttpRoute> fitting = ROUTES.stream().filter(r -> r.matchesPath(path)).toList();
    switch (HttpRoute.match(ROUTES, method, path)) {
      case HttpRoute.Match.Found f -> {
        assertThat(f.route().method()).isEqualTo(method);
        assertThat(fitting).contains(f.route());
      }
      case HttpRoute.Match.WrongMethod w -> {
        assertThat(fitting).isNotEmpty().noneMatch(r -> r.method().equals(method));
        assertThat(w.allowed()).isNotEmpty();
      }
      case HttpRoute.Match.NotFound n -> assertThat(fitting).isEmpty();
    }
  }
}
