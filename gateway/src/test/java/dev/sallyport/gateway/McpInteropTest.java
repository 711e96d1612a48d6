package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.ToolPins;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.mcp.PinReview;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.mcp.ProtocolVersions;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.NpmPackages;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /mcp} with real parts on both sides: the reference MCP servers from npm ({@code
 * server-everything}, {@code server-filesystem} over a temporary folder, {@code server-memory})
 * over stdio behind Sallyport, pinned and permitted; and real clients in front of it: the official
 * MCP Java SDK client over its Streamable HTTP transport and {@code @modelcontextprotocol/
 * inspector-cli}, each with the agent's bearer token. Results through Sallyport are compared with
 * the same calls made to the upstream directly (the SDK's stdio client on the same server).
 *
 * <p>The npm packages are installed, at the pinned versions, into {@code target/mcp-interop} on the
 * first run; Node.js and npm must be on the PATH (they are on this project's machines and CI).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class McpInteropTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Map<String, String> PACKAGES =
      Map.of(
          "@modelcontextprotocol/server-everything", "2026.8.31",
          "@modelcontextprotocol/server-filesystem", "2026.8.31",
          "@modelcontextprotocol/server-memory", "2026.8.31",
          "@modelcontextprotocol/inspector-cli", "1.0.3");
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
  private static Path modules;

  @TempDir Path temp;
  private GatewayFixture gateway;
  private Path files;
  private Path memory;
  private final ObjectMapper json = new ObjectMapper();
  private final List<McpSyncClient> clients = new ArrayList<>();

  @BeforeAll
  static void installServersAndClients() throws Exception {
    modules = NpmPackages.install(Path.of("target", "mcp-interop"), PACKAGES);
  }

  private static String script(String module, String relative) {
    return modules.resolve(module).resolve(relative).toString();
  }

  private List<String> everything() {
    return List.of("node", script("@modelcontextprotocol/server-everything", "dist/index.js"));
  }

  private List<String> filesystem() {
    return List.of(
        "node",
        script("@modelcontextprotocol/server-filesystem", "dist/index.js"),
        files.toString());
  }

  private List<String> memoryServer() {
    return List.of("node", script("@modelcontextprotocol/server-memory", "dist/index.js"));
  }

  @BeforeEach
  void start() throws Exception {
    files = Files.createDirectories(temp.resolve("files")).toRealPath();
    memory = temp.resolve("memory.jsonl");
    gateway =
        new GatewayFixture(
            temp,
            config -> {
              ExampleDeployments.edit(
                  config,
                  "tenants/acme/tenant.yaml",
                  "connectors:\n",
                  "connectors:\n"
                      + connector("everything", everything(), Map.of())
                      + connector("files", filesystem(), Map.of())
                      + connector("memory", memoryServer(), Map.of("MEMORY_FILE_PATH", memory)));
              // Results are compared with the same calls made directly, to the letter: annotate
              // passes them unchanged (screened); the default datamark wraps every text.
              ExampleDeployments.edit(
                  config,
                  "tenants/acme/tenant.yaml",
                  "untrusted_results: datamark",
                  "untrusted_results: annotate");
              ExampleDeployments.edit(
                  config,
                  "tenants/acme/tenant.yaml",
                  "tools: [invoices.*, payments.pay_supplier,",
                  "tools: [invoices.*, everything.*, files.*, memory.*, payments.pay_supplier,");
              ExampleDeployments.edit(
                  config,
                  "tenants/acme/tenant.yaml",
                  "tools: [invoices.list, invoices.get,",
                  "tools: [everything.echo, files.read_text_file, invoices.list, invoices.get,");
              Files.writeString(
                  config.resolve("tenants/acme/tools.yaml"),
                  """

                    - name: everything.echo
                      connector: everything
                      effect: read
                      mcp: {tool: echo}
                    - name: everything.get-sum
                      connector: everything
                      effect: read
                      mcp: {tool: get-sum}
                    - name: everything.get-tiny-image
                      connector: everything
                      effect: read
                      mcp: {tool: get-tiny-image}
                    - name: everything.get-structured-content
                      connector: everything
                      effect: read
                      mcp: {tool: get-structured-content}
                    - name: files.read_text_file
                      connector: files
                      effect: read
                      mcp: {tool: read_text_file}
                    - name: files.write_file
                      connector: files
                      effect: write
                      mcp: {tool: write_file}
                    - name: memory.create_entities
                      connector: memory
                      effect: write
                      mcp: {tool: create_entities}
                    - name: memory.read_graph
                      connector: memory
                      effect: read
                      mcp: {tool: read_graph}
                  """,
                  StandardOpenOption.APPEND);
              Files.writeString(
                  config.resolve("tenants/acme/policies/interop.yaml"),
                  """
                  rules:
                    - id: permit-reference-servers
                      effect: permit
                      tools: [everything.*, files.*, memory.*]
                      reason: The reference servers are harmless here.
                  """);
              pinAll(config);
            },
            log -> log,
            history -> history);
  }

  private static String connector(String name, List<String> command, Map<String, Path> env) {
    StringBuilder out = new StringBuilder();
    out.append("  ").append(name).append(":\n    type: mcp\n    command: [");
    out.append(String.join(", ", command.stream().map(c -> "\"" + c + "\"").toList()));
    out.append("]\n");
    if (!env.isEmpty()) {
      out.append("    env: {");
      out.append(
          String.join(
              ", ",
              env.entrySet().stream()
                  .map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                  .toList()));
      out.append("}\n");
    }
    // Node's first start of a server with many modules can take a few seconds on two cores.
    out.append("    timeout_ms: 20000\n");
    return out.toString();
  }

  /** What an operator does with {@code ./sallyport tools pin}: accept every definition seen. */
  private static void pinAll(Path config) throws IOException {
    try {
      Deployment deployment = GatewayFixture.load(config);
      try (HttpClient client = HttpClient.newHttpClient();
          ExecutorCatalog catalog = ExecutorCatalog.from(deployment, client, new ObjectMapper())) {
        List<PinReview.Entry> review =
            PinReview.review(deployment.tenants().get(ACME), catalog.mcpUpstreams(ACME));
        assertThat(review).as("every declared upstream tool was found").hasSize(8);
        ToolPins pins =
            PinReview.accept(
                ToolPins.NONE, review, review.stream().map(PinReview.Entry::tool).toList());
        Files.write(
            config.resolve("tenants/acme/" + ToolPins.FILE),
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(pins.toJson()));
      }
    } catch (dev.sallyport.config.ConfigException e) {
      throw new IOException(e);
    }
  }

  @AfterEach
  void stop() throws Exception {
    // SDK clients leave non-daemon threads behind unless closed.
    for (McpSyncClient client : clients) {
      client.closeGracefully();
      client.close();
    }
    gateway.close();
  }

  /** The official Java SDK client, over Streamable HTTP, speaking to Sallyport as {@code agent}. */
  private McpSyncClient throughSallyport(String agent) {
    String token = gateway.token(agent);
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(gateway.base())
            .endpoint("/mcp")
            .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
            .httpRequestCustomizer((request, method, uri, body, context) ->
                request.header("Authorization", "Bearer " + token))
            .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(CLIENT_TIMEOUT).build();
    clients.add(client);
    client.initialize();
    return client;
  }

  /** The same SDK's stdio client, on a server of its own: the upstream without Sallyport. */
  private McpSyncClient direct(List<String> command, Map<String, String> env) {
    ServerParameters parameters =
        ServerParameters.builder(command.get(0))
            .args(command.subList(1, command.size()))
            .env(env)
            .build();
    McpSyncClient client =
        McpClient.sync(
                new StdioClientTransport(parameters, new JacksonMcpJsonMapper(new ObjectMapper())))
            .requestTimeout(CLIENT_TIMEOUT)
            .build();
    clients.add(client);
    client.initialize();
    return client;
  }

  private static McpSchema.CallToolResult call(
      McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  private static List<String> names(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  private List<AuditEvent> events(String type, String tool) {
    return gateway.sqliteAudit.read(ACME, 0, 10_000).stream()
        .filter(e -> e.type().equals(type) && e.tool().equals(Optional.of(tool)))
        .toList();
  }

  @Test
  void theSdkClientSeesTheToolsOfItsRoleWithTheOperatorsAnnotations() {
    McpSyncClient finance = throughSallyport("finance-bot");
    assertThat(finance.getServerInfo().name()).isEqualTo("sallyport");
    // The SDK asks for its newest revision; Sallyport speaks it, so no downgrade happens.
    assertThat(finance.getCurrentInitializationResult().protocolVersion())
        .isEqualTo(ProtocolVersions.latest());
    assertThat(names(finance))
        .contains(
            "everything.echo",
            "everything.get-sum",
            "everything.get-tiny-image",
            "everything.get-structured-content",
            "files.read_text_file",
            "files.write_file",
            "memory.create_entities",
            "memory.read_graph",
            "sallyport.approval_status");
    McpSchema.Tool write =
        finance.listTools().tools().stream()
            .filter(t -> t.name().equals("files.write_file"))
            .findFirst()
            .orElseThrow();
    // The upstream says nothing is read-only about write_file; the operator's class decides.
    assertThat(write.annotations().readOnlyHint()).isFalse();
    assertThat(write.inputSchema()).containsKey("properties");

    McpSyncClient analyst = throughSallyport("analyst-bot");
    assertThat(names(analyst))
        .containsExactlyInAnyOrder(
            "everything.echo",
            "files.read_text_file",
            "invoices.get",
            "invoices.list",
            "crm.lookup_customer",
            "sallyport.approval_status");
  }

  @Test
  void everythingServerResultsArriveAsTheUpstreamSentThem() {
    McpSyncClient through = throughSallyport("finance-bot");
    McpSyncClient upstream = direct(everything(), Map.of());
    Map<String, Map<String, Object>> calls =
        Map.of(
            "echo", Map.of("message", "héllo ✓ \"quoted\" \n 1"),
            "get-sum", Map.of("a", 2, "b", 40),
            "get-tiny-image", Map.of(),
            "get-structured-content", Map.of("location", "New York"));
    for (Map.Entry<String, Map<String, Object>> c : calls.entrySet()) {
      McpSchema.CallToolResult viaSallyport =
          call(through, "everything." + c.getKey(), c.getValue());
      McpSchema.CallToolResult viaNothing = call(upstream, c.getKey(), c.getValue());
      assertSameResult(c.getKey(), viaSallyport, viaNothing);
      assertThat(viaSallyport.isError()).as(c.getKey()).isNotEqualTo(Boolean.TRUE);
    }
    assertThat(text(call(through, "everything.get-sum", Map.of("a", 2, "b", 40)))).contains("42");
    assertThat(call(through, "everything.get-tiny-image", Map.of()).content())
        .anyMatch(content -> content instanceof McpSchema.ImageContent);
    assertThat(events("action.result", "everything.get-sum"))
        .isNotEmpty()
        .allMatch(e -> e.outcome().equals("ok"));
  }

  @Test
  void aFileWrittenAndReadThroughSallyportIsTheFileOnDisk() throws Exception {
    McpSyncClient through = throughSallyport("finance-bot");
    String content = "Zeile 1: Grüße ✓\nline 2: {\"json\": [1, 2]}\n";
    Path target = files.resolve("notes.txt");
    McpSchema.CallToolResult written =
        call(through, "files.write_file", Map.of("path", target.toString(), "content", content));
    assertThat(written.isError()).as(text(written)).isNotEqualTo(Boolean.TRUE);
    assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(content);

    McpSchema.CallToolResult read =
        call(through, "files.read_text_file", Map.of("path", target.toString()));
    assertThat(text(read)).isEqualTo(content);
    McpSyncClient upstream = direct(filesystem(), Map.of());
    assertSameResult(
        "read_text_file",
        read,
        call(upstream, "read_text_file", Map.of("path", target.toString())));

    // Outside the folder the server was given: the upstream's own refusal arrives as its error.
    McpSchema.CallToolResult outside =
        call(through, "files.read_text_file", Map.of("path", "/etc/hostname"));
    assertThat(outside.isError()).isTrue();
    assertThat(text(outside)).containsIgnoringCase("access denied");
  }

  @Test
  void entitiesCreatedThroughSallyportAreTheGraphTheMemoryServerKeeps() {
    McpSyncClient through = throughSallyport("finance-bot");
    Map<String, Object> entity =
        Map.of(
            "name", "Acme Supplier Ø",
            "entityType", "supplier",
            "observations", List.of("pays late", "IBAN on file"));
    McpSchema.CallToolResult created =
        call(through, "memory.create_entities", Map.of("entities", List.of(entity)));
    assertThat(created.isError()).isNotEqualTo(Boolean.TRUE);
    McpSchema.CallToolResult graph = call(through, "memory.read_graph", Map.of());
    assertThat(text(graph)).contains("Acme Supplier Ø", "pays late", "IBAN on file");
    McpSyncClient upstream = direct(memoryServer(), Map.of("MEMORY_FILE_PATH", memory.toString()));
    assertSameResult("read_graph", graph, call(upstream, "read_graph", Map.of()));
  }

  /**
   * The result through Sallyport is the upstream's, member for member; Sallyport adds only the
   * guard's findings in {@code _meta} (annotate mode: the content passes unchanged).
   */
  private static void assertSameResult(
      String what, McpSchema.CallToolResult viaSallyport, McpSchema.CallToolResult direct) {
    assertThat(viaSallyport.content()).as(what).isEqualTo(direct.content());
    assertThat(viaSallyport.isError()).as(what).isEqualTo(direct.isError());
    assertThat(viaSallyport.structuredContent()).as(what).isEqualTo(direct.structuredContent());
    assertThat(viaSallyport.meta()).as(what).containsKey("dev.sallyport/guard");
  }

  @Test
  void theSdkClientGetsADeniedCallAsAnErrorResultAndNothingReachesTheUpstream() throws Exception {
    McpSyncClient analyst = throughSallyport("analyst-bot");
    Path target = files.resolve("forbidden.txt");
    McpSchema.CallToolResult denied =
        call(analyst, "files.write_file", Map.of("path", target.toString(), "content", "x"));
    assertThat(denied.isError()).isTrue();
    assertThat(text(denied)).contains("denied by Sallyport");
    assertThat(target).doesNotExist();
    assertThat(events("decision", "files.write_file")).anyMatch(e -> e.outcome().equals("deny"));
    assertThat(events("action.result", "files.write_file")).isEmpty();
    // An allowed call of the same session still works after the refusal.
    assertThat(text(call(analyst, "everything.echo", Map.of("message", "after"))))
        .contains("after");
  }

  @Test
  void inspectorCliListsAndCallsWithTheAgentsToken() throws Exception {
    Map<String, Object> listed = inspector("finance-bot", "--method", "tools/list");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tools = (List<Map<String, Object>>) listed.get("tools");
    assertThat(tools.stream().map(t -> (String) t.get("name")))
        .contains("everything.echo", "files.write_file", "memory.read_graph");

    Map<String, Object> called =
        inspector(
            "finance-bot",
            "--method",
            "tools/call",
            "--tool-name",
            "everything.echo",
            "--tool-arg",
            "message=from the inspector");
    assertThat(json.writeValueAsString(called)).contains("Echo: from the inspector");
    assertThat(called.get("isError")).isNotEqualTo(true);

    Map<String, Object> analystList = inspector("analyst-bot", "--method", "tools/list");
    assertThat(json.writeValueAsString(analystList))
        .contains("files.read_text_file")
        .doesNotContain("files.write_file");
    Map<String, Object> denied =
        inspector("analyst-bot", "--method", "tools/call", "--tool-name", "memory.read_graph");
    assertThat(denied.get("isError")).isEqualTo(true);
    assertThat(json.writeValueAsString(denied)).contains("denied by Sallyport");
  }

  /**
   * Runs {@code mcp-inspector-cli --cli URL --transport http --header "Authorization: ..."} and
   * reads the JSON it prints.
   */
  private Map<String, Object> inspector(String agent, String... arguments) throws Exception {
    Path build = modules.resolve("@modelcontextprotocol/inspector-cli/build");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "node",
            build.resolve("cli.js").toString(),
            "--cli",
            gateway.base() + "/mcp",
            "--transport",
            "http",
            "--header",
            "Authorization: Bearer " + gateway.token(agent)));
    command.addAll(List.of(arguments));
    Path out = temp.resolve("inspector-out.json");
    Path err = temp.resolve("inspector-err.txt");
    // inspector-cli 1.0.3 looks for its package.json relative to the working directory.
    Process process =
        new ProcessBuilder(command)
            .directory(build.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("inspector-cli finished").isTrue();
    String printed = Files.readString(out);
    assertThat(process.exitValue()).as(printed + Files.readString(err)).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> result = json.readValue(printed, Map.class);
    return result;
  }
}
