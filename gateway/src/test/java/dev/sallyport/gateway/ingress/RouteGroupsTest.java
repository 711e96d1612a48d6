package dev.sallyport.gateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.config.RouteGroup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every path the edge serves has its group; anything else has none and is refused. */
class RouteGroupsTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/v1/decisions                              | agent",
        "/v1/actions                                | agent",
        "/mcp                                       | agent",
        "/mcp/sse                                   | agent",
        "/.well-known/oauth-protected-resource      | agent",
        "/.well-known/oauth-protected-resource/mcp  | agent",
        "/v1/ledger                                 | admin",
        "/v1/ledger/checkpoint                      | admin",
        "/v1/admin/kill-switches                    | admin",
        "/console                                   | console",
        "/console/approvals                         | console",
        "/approvals/0190-abc                        | console",
        "/metrics                                   | metrics",
        "/healthz                                   | health",
        "/readyz                                    | health",
        "/                                          | none",
        "''                                         | none",
        "/v1/nothing                                | none",
        "/v1/actions/01J8Z                          | agent",
        "/v1/sessions/run-1/task                    | agent",
        "/V1/actions                                | none",
        "/v1/ledgers                                | none",
        "/mcpx                                      | none",
        "/metrics/x                                 | none",
        "/.well-known/openid-configuration          | none",
        "/.well-known/oauth-protected-resourcex     | none",
        "/consoles                                  | none",
      })
  void namesTheGroupOfAPath(String path, String group) {
    assertThat(RouteGroups.of(path).map(RouteGroup::configName).orElse("none")).isEqualTo(group);
  }
}
