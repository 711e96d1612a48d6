package dev.sallyport.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.ToolPins;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.mcp.PinReview;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.ExampleDeployments;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, every server
 * scenario) against {@code /mcp}. Sallyport fronts an upstream on the official TypeScript SDK that
 * offers what the scenarios ask for by name, listed without a namespace, pinned and permitted. The
 * suite sends no token, so it speaks through {@link BearerForwardingProxy}, which adds one.
 *
 * <p>Each scenario's outcome is compared with the lists below: a scenario that passed must keep
 * passing, and one that is listed as failing must still fail (so that a fix also updates the list
 * and docs/mcp.md). The table of results is written to {@code target/mcp-conformance/results.md}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class McpConformanceTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final String CONFORMANCE = "@modelcontextprotocol/conformance@0.1.13";
  private static final String SDK = "@modelcontextprotocol/sdk@1.32.2";
  private static final Path PREFIX = Path.of("target", "mcp-conformance").toAbsolutePath();

  /** The upstream's tools, listed under their own names as the scenarios call them. */
  private static final List<String> TOOLS =
      List.of(
          "test_simple_text",
          "test_image_content",
          "test_audio_content",
          "test_embedded_resource",
          "test_multiple_content_types",
          "test_tool_with_logging",
          "test_error_handling",
          "test_tool_with_progress",
          "test_sampling",
          "test_elicitation",
          "test_elicitation_sep1034_defaults",
          "test_elicitation_sep1330_enums",
          "json_schema_2020_12_tool",
          "test_reconnection");

  /** Scenarios that pass today and must keep passing. */
  private static final Set<String> PASSING =
      Set.of(
          "server-initialize",
          "ping",
          "tools-list",
          "tools-call-simple-text",
          "tools-call-image",
          "tools-call-audio",
          "tools-call-embedded-resource",
          "tools-call-mixed-content",
          "tools-call-error",
          "json-schema-2020-12",
          "server-sse-polling",
          "server-sse-multiple-streams",
          "dns-rebinding-protection",
          "resources-list",
          "resources-read-text",
          "resources-read-binary",
          "prompts-list",
          "prompts-get-simple",
          "prompts-get-with-args",
          "prompts-get-embedded-resource",
          "prompts-get-with-image");

  private static final String NO_SUBSCRIPTIONS =
      "resource subscriptions are not offered: resources/subscribe and unsubscribe are method not"
          + " found";
  private static final String NO_ELICITATION =
      "elicitation is not relayed: the upstream's elicitation/create gets method not found";

  /** Scenarios that fail today, each with why; docs/mcp.md has the same table. */
  private static final Map<String, String> EXPECTED_FAILURES =
      Map.ofEntries(
          Map.entry(
              "logging-set-level",
              "logging is not implemented: logging/setLevel is method not found"),
          Map.entry(
              "tools-call-with-logging",
              "logging is not implemented: the scenario's logging/setLevel is method not found,"
                  + " and an upstream's log messages are not relayed"),
          Map.entry(
              "tools-call-with-progress",
              "an upstream's own progress is not relayed; Sallyport sends progress only while it"
                  + " holds a call for approval"),
          Map.entry(
              "tools-call-sampling",
              "sampling is not relayed: the upstream's sampling/createMessage gets method not"
                  + " found"),
          Map.entry("tools-call-elicitation", NO_ELICITATION),
          Map.entry("elicitation-sep1034-defaults", NO_ELICITATION),
          Map.entry("elicitation-sep1330-enums", NO_ELICITATION),
          Map.entry(
              "completion-complete",
              "completion is not implemented: completion/complete is method not found"),
          Map.entry(
              "resources-templates-read",
              "a URI made from an upstream's resource template is not routed: only URIs an"
                  + " upstream listed are read"),
          Map.entry("resources-subscribe", NO_SUBSCRIPTIONS),
          Map.entry("resources-unsubscribe", NO_SUBSCRIPTIONS));

  @TempDir Path temp;

  @Test
  void everyScenarioOfTheSuiteEndsAsDocumented() throws Exception {
    Path upstream = installSuite();
    Path results = PREFIX.resolve("results");
    deleteRecursively(results);
    try (GatewayFixture gateway =
            new GatewayFixture(temp, config -> deploy(config, upstream), l -> l, h -> h);
        BearerForwardingProxy proxy =
            new BearerForwardingProxy(URI.create(gateway.base()), gateway.token("finance-bot"))) {
      Path log = PREFIX.resolve("suite.log");
      Process suite =
          new ProcessBuilder(
                  "node",
                  PREFIX
                      .resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js")
                      .toString(),
                  "server",
                  "--url",
                  proxy.base() + "/mcp",
                  "--suite",
                  "all",
                  "--output-dir",
                  results.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        assertThat(suite.waitFor(150, TimeUnit.SECONDS)).as("the suite finished").isTrue();
      } finally {
        suite.destroyForcibly();
      }
      Map<String, Outcome> outcomes = outcomes(results);
      writeTable(outcomes);
      String summary = Files.readString(log);
      assertThat(outcomes.keySet())
          .as("every scenario ran and is accounted for\n%s", summary)
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(PASSING.stream(), EXPECTED_FAILURES.keySet().stream()).toList());
      // The suite's calls went the decision path like any agent's, and are in the ledger.
      assertThat(
              gateway.sqliteAudit.read(ACME, 0, 100_000).stream()
                  .filter(e -> e.type().equals("decision") && e.outcome().equals("allow"))
                  .map(e -> e.tool().orElse(""))
                  .distinct())
          .contains("conformance.test_simple_text", "conformance.test_error_handling");
      for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
        if (PASSING.contains(e.getKey())) {
          assertThat(e.getValue().failures()).as("%s passed before", e.getKey()).isEmpty();
        } else {
          assertThat(e.getValue().failures())
              .as(
                  "%s is listed as failing (%s) but passes: move it to PASSING and update"
                      + " docs/mcp.md",
                  e.getKey(), EXPECTED_FAILURES.get(e.getKey()))
              .isNotEmpty();
        }
      }
    }
  }

  /** One scenario's failed and warned checks, as "name: message". */
  private record Outcome(List<String> failures) {}

  private static final Pattern RESULT_DIR =
      Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z");

  /** Reads {@code server-SCENARIO-TIMESTAMP/checks.json} of every scenario the suite ran. */
  private static Map<String, Outcome> outcomes(Path results) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Outcome> outcomes = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(results)) {
      for (Path dir : dirs.toList()) {
        Matcher m = RESULT_DIR.matcher(dir.getFileName().toString());
        assertThat(m.matches()).as("a result folder of the suite: %s", dir).isTrue();
        List<String> failures = new ArrayList<>();
        for (JsonNode check : json.readTree(dir.resolve("checks.json").toFile())) {
          String status = check.path("status").asText();
          // The suite fails a scenario on a warning as on a failure; so does this test.
          if (status.equals("FAILURE") || status.equals("WARNING")) {
            failures.add(
                check.path("name").asText() + ": " + check.path("errorMessage").asText(status));
          }
        }
        outcomes.put(m.group(1), new Outcome(List.copyOf(failures)));
      }
    }
    return outcomes;
  }

  private static void writeTable(Map<String, Outcome> outcomes) throws IOException {
    StringBuilder table = new StringBuilder("| Scenario | Result | Reason |\n|---|---|---|\n");
    outcomes.forEach((scenario, outcome) ->
        table
            .append("| `")
            .append(scenario)
            .append("` | ")
            .append(outcome.failures().isEmpty() ? "pass" : "fail")
            .append(" | ")
            .append(
                outcome.failures().isEmpty()
                    ? ""
                    : EXPECTED_FAILURES.getOrDefault(
                        scenario, String.join("; ", outcome.failures()).replace('|', '/')))
            .append(" |\n"));
    Files.writeString(PREFIX.resolve("results.md"), table, UTF_8);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Installs the suite and the SDK into {@code target/mcp-conformance} when missing, and puts the
   * upstream script beside them so that its imports resolve.
   */
  private static Path installSuite() throws Exception {
    if (!Files.isRegularFile(
        PREFIX.resolve("node_modules/@modelcontextprotocol/conformance/package.json"))) {
      Files.createDirectories(PREFIX);
      Process npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--prefix",
                  PREFIX.toString(),
                  "--no-audit",
                  "--no-fund",
                  "--no-save",
                  CONFORMANCE,
                  SDK)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(npm.waitFor(150, TimeUnit.SECONDS)).as("npm install finished").isTrue();
      assertThat(npm.exitValue()).as("npm install " + CONFORMANCE + " " + SDK).isZero();
    }
    Path upstream = PREFIX.resolve("conformance-upstream.mjs");
    try (var script =
        McpConformanceTest.class.getResourceAsStream("/mcp/conformance-upstream.mjs")) {
      Files.copy(script, upstream, StandardCopyOption.REPLACE_EXISTING);
    }
    return upstream;
  }

  /** The upstream as connector {@code conformance}, its tools pinned and permitted. */
  private static void deploy(Path config, Path upstream) throws IOException {
    ExampleDeployments.edit(
        config,
        "tenants/acme/tenant.yaml",
        "connectors:\n",
        "connectors:\n"
            + "  conformance:\n"
            + "    type: mcp\n"
            + "    command: [node, \""
            + upstream
            + "\"]\n"
            + "    timeout_ms: 5000\n");
    ExampleDeployments.edit(
        config,
        "tenants/acme/tenant.yaml",
        "tools: [invoices.*, payments.pay_supplier,",
        "tools: [invoices.*, conformance.*, payments.pay_supplier,");
    // The suite compares results to the letter; the default datamark would wrap every text (by
    // design), so this deployment annotates instead: results pass unchanged, screened.
    ExampleDeployments.edit(
        config,
        "tenants/acme/tenant.yaml",
        "untrusted_results: datamark",
        "untrusted_results: annotate");
    StringBuilder tools = new StringBuilder("\n");
    for (String tool : TOOLS) {
      tools
          .append("  - name: conformance.")
          .append(tool)
          .append("\n    connector: conformance\n    effect: read\n    mcp: {tool: ")
          .append(tool)
          .append(", listed_as: ")
          .append(tool)
          .append("}\n");
    }
    Files.writeString(config.resolve("tenants/acme/tools.yaml"), tools, StandardOpenOption.APPEND);
    Files.writeString(
        config.resolve("tenants/acme/policies/conformance.yaml"),
        """
        rules:
          - id: permit-conformance
            effect: permit
            tools: [conformance.*]
            reason: The conformance upstream's tools are harmless.
        """);
    pinAll(config);
  }

  /** What an operator does with {@code ./sallyport tools pin}, before the gateway starts. */
  private static void pinAll(Path config) throws IOException {
    try {
      Deployment deployment = GatewayFixture.load(config);
      try (HttpClient client = HttpClient.newHttpClient();
          ExecutorCatalog catalog = ExecutorCatalog.from(deployment, client, new ObjectMapper())) {
        List<PinReview.Entry> review =
            PinReview.review(deployment.tenants().get(ACME), catalog.mcpUpstreams(ACME));
        ToolPins pins =
            PinReview.accept(
                ToolPins.NONE, review, review.stream().map(PinReview.Entry::tool).toList());
        Files.write(
            config.resolve("tenants/acme/" + ToolPins.FILE),
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(pins.toJson()));
      }
    } catch (ConfigException e) {
      throw new IOException(e);
    }
  }
}
