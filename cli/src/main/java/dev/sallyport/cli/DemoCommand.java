package dev.sallyport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.bundle.BundleTamperedException;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ScheduledPhase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sallyport demo}: runs the quickstart scenario against a real gateway on a loopback port,
 * with real tokens, the SQLite store and stand-in business systems, and prints what happened. Exits
 * 0 only when every step behaved as the scenario says it must.
 */
@Command(
    name = "demo",
    description = "Run the quickstart scenario end to end and print a transcript.")
final class DemoCommand implements Callable<Integer> {
  private static final String SAMPLE_SYSTEMS_URL = "http://127.0.0.1:9801";

  @Option(
      names = "--data",
      description = "Keep the data in DIR (default: a temporary folder, deleted at exit).")
  Path data;

  @Option(names = "--config", description = "The deployment to run (default: examples/quickstart).")
  Path source;

  private final ObjectMapper json = new ObjectMapper();
  private PrintStream out = System.out;
  private int unexpected;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("sallyport.home", "."));
    Path from = source != null ? source : home.resolve("examples/quickstart");
    if (!Files.isDirectory(from)) {
      System.err.println(
          "cannot find the quickstart deployment at " + from + " (use --config DIR)");
      return Loading.REFUSED;
    }
    Path work = Files.createTempDirectory("sallyport-demo-");
    Path dataDir = data != null ? data : work.resolve("data");
    try (SampleSystems systems = new SampleSystems()) {
      Path config = copyDeployment(from, work.resolve("config"), systems.baseUrl());
      return run(config, dataDir, systems);
    } finally {
      deleteTree(work);
    }
  }

  private int run(Path config, Path dataDir, SampleSystems systems) throws Exception {
    Optional<Deployment> loaded = Loading.deploymentOrReport(config, System.err);
    if (loaded.isEmpty()) {
      return Loading.REFUSED;
    }
    Deployment deployment = loaded.get();
    DevelopmentIssuer.initialise(deployment);
    DevelopmentIssuer issuer = DevelopmentIssuer.load(deployment);
    TenantId tenant = deployment.tenants().keySet().iterator().next();
    try (EmbeddedGateway gateway = EmbeddedGateway.start(deployment, dataDir, "127.0.0.1", 0);
        HttpClient http = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + gateway.port();
      out.println(
          "Sallyport demo: the quickstart deployment \""
              + deployment.tenant(tenant).orElseThrow().displayName()
              + "\"");
      out.println("gateway  " + base + "   data " + dataDir + (data == null ? " (temporary)" : ""));
      out.println();

      String analyst =
          issuer.mint(
              tenant,
              "analyst-bot",
              PrincipalKind.AGENT,
              List.of(),
              Instant.now(),
              Duration.ofMinutes(10));
      String finance =
          issuer.mint(
              tenant,
              "finance-bot",
              PrincipalKind.AGENT,
              List.of(),
              Instant.now(),
              Duration.ofMinutes(10));
      String offboarding =
          issuer.mint(
              tenant,
              "offboarding-bot",
              PrincipalKind.AGENT,
              List.of(),
              Instant.now(),
              Duration.ofMinutes(10));

      step("0. an administrator promotes analyst-bot and finance-bot out of their first dry run");
      for (String agent : List.of("analyst-bot", "finance-bot")) {
        promote(deployment, gateway, tenant, agent);
      }

      step("1. analyst-bot, a read-only agent, tries to e-mail a customer");
      Map<String, Object> r1 =
          post(
              http,
              base,
              analyst,
              "email.send_customer",
              Map.of(
                  "to",
                  "buyer@northwind.example",
                  "subject",
                  "Your invoice",
                  "body",
                  "Please find attached..."));
      expect(r1, "deny", "invariant.read_only_role");
      result(
          "the mail system received " + systems.received("mail") + " messages",
          systems.received("mail") == 0);

      step("2. finance-bot reads the open invoices");
      Map<String, Object> r2 = post(http, base, finance, "invoices.list", Map.of("status", "open"));
      expect(r2, "allow", "permit-reads");
      if (r2.get("result") instanceof Map<?, ?> result
          && result.get("body") instanceof Map<?, ?> body
          && body.get("content") instanceof Map<?, ?> content
          && content.get("invoices") instanceof List<?> invoices
          && body.get("guard") instanceof Map<?, ?> guard) {
        result(
            "executed: the ERP answered "
                + result.get("status")
                + " with "
                + invoices.size()
                + " invoices, "
                + guard.get("provenance")
                + " and "
                + guard.get("action")
                + " (the session is now tainted: consequential calls need approval unless their"
                + " arguments come from trusted provenance)",
            "datamarked".equals(guard.get("action")));
      } else {
        result("the ERP's answer did not come back", false);
      }

      step("3. finance-bot pays supplier S-200 12,500.00 EUR, over the 5,000 limit");
      Map<String, Object> r3 =
          post(
              http,
              base,
              finance,
              "payments.pay_supplier",
              Map.of(
                  "supplier_id",
                  "S-200",
                  "iban",
                  "DE89370400440532013000",
                  "amount",
                  12500.00,
                  "currency",
                  "EUR",
                  "reference",
                  "INV-88121"));
      expect(r3, "require_approval", "payment-over-limit");
      result(
          "held for approval ("
              + r3.get("http_status")
              + "), approvers: "
              + r3.get("approvers")
              + "; nothing was paid (ERP payment requests: "
              + systems.received("erp")
              + " besides the read)",
          Integer.valueOf(202).equals(r3.get("http_status")) && systems.received("erp") == 1);

      step("4. offboarding-bot, a new agent not yet promoted, disables user u-1042");
      Map<String, Object> r4 =
          post(
              http,
              base,
              offboarding,
              "directory.disable_user",
              Map.of("user_id", "u-1042", "reason", "left the company"));
      expect(r4, "dry_run", "invariant.new_agent");
      if (r4.get("would_send") instanceof Map<?, ?> wouldSend) {
        result(
            "recorded, would send: "
                + wouldSend.get("method")
                + " "
                + String.valueOf(wouldSend.get("url")).replace(systems.baseUrl(), "<directory>"),
            true);
      }
      result(
          "the directory received " + systems.received("directory") + " requests",
          systems.received("directory") == 0);

      step("5. an administrator promotes offboarding-bot, in dry-run since 2026-11-02");
      promote(deployment, gateway, tenant, "offboarding-bot");

      step("6. offboarding-bot disables u-1042 for real: soft step now, delete after 5 minutes");
      Map<String, Object> r6 =
          post(
              http,
              base,
              offboarding,
              "directory.disable_user",
              Map.of("user_id", "u-1042", "reason", "left the company"));
      expect(r6, "allow", "permit-offboarding");
      String action = String.valueOf(r6.get("action_id"));
      Optional<ScheduledPhase> scheduled = gateway.phases().find(tenant, action);
      result(
          "disabled (directory requests: "
              + systems.received("directory")
              + "); hard step scheduled for "
              + scheduled.map(p -> p.dueAt().toString()).orElse("nothing"),
          systems.received("directory") == 1 && scheduled.isPresent());

      step("7. irene@acme.example reinstates u-1042 within the window");
      ActionsCommand.Answer reinstated =
          ActionsCommand.reinstate(
              gateway.phases(), tenant, action, "irene@acme.example", Instant.now());
      result(reinstated.message(), reinstated.exit() == 0);
      boolean enabled = waitFor(() -> systems.received("directory/users") == 2);
      result(
          "the account was re-enabled and will not be deleted (directory requests: "
              + systems.received("directory")
              + ", DELETE never sent)",
          enabled && systems.deletes() == 0);

      step("8. an operator ships a policy with a mistake in a condition");
      Path broken = config.resolveSibling("broken-config");
      copyTree(config, broken);
      Path payments = broken.resolve("tenants/" + tenant.value() + "/policies/payments.yaml");
      Files.writeString(
          payments,
          Files.readString(payments).replace("when: args.amount > 5000", "when: amount > 5000"));
      try {
        Loading.deployment(broken);
        result("the broken policy loaded", false);
      } catch (ConfigException e) {
        result(
            "load refused, the gate stays closed: " + e.getMessage(),
            e.getMessage().contains("payments.yaml:"));
      }

      step("9. the audit log of tenant " + tenant);
      long size = gateway.audit().size(tenant);
      List<AuditEvent> events = gateway.audit().read(tenant, 0, 100);
      Map<String, Long> counts =
          events.stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.type() + " " + e.outcome(),
                      LinkedHashMap::new,
                      Collectors.counting()));
      result(size + " events: " + counts, size == events.size() && size >= 8);

      step(
          "10. an auditor exports the ledger and verifies it offline, then an insider edits one entry");
      Path bundle = config.resolveSibling(tenant.value() + ".bundle");
      try (OutputStream stream = Files.newOutputStream(bundle)) {
        gateway.ledger().export(tenant, stream);
      }
      VerifiedBundle verified = new BundleVerifier(Optional.empty()).verify(bundle);
      result(
          "verified: "
              + verified.size()
              + " entries, "
              + verified.checkpoints()
              + " signed checkpoint(s), root "
              + verified.latest().root().base64(),
          verified.size() == size);
      Path edited = config.resolveSibling(tenant.value() + "-edited.bundle");
      Files.writeString(
          edited,
          Files.readString(bundle).replaceFirst("\"outcome\":\"deny\"", "\"outcome\":\"allow\""));
      try {
        new BundleVerifier(Optional.empty()).verify(edited);
        result("the edited bundle verified", false);
      } catch (BundleTamperedException e) {
        result("edited copy refused: " + e.kind() + " at index " + e.index(), true);
      }
    }
    out.println();
    if (unexpected == 0) {
      out.println("Demo complete: every step behaved as the policy says it must.");
      return 0;
    }
    out.println("Demo FAILED: " + unexpected + " step(s) did not behave as expected.");
    return 1;
  }

  /** Promotes an agent as {@code agents promote} does, and lets the gateway record it at once. */
  private void promote(
      Deployment deployment, EmbeddedGateway gateway, TenantId tenant, String agent) {
    AgentsCommand.Answer answer =
        AgentsCommand.promote(
            deployment, gateway.standings(), tenant, agent, "admin@acme.example", Instant.now());
    int recorded = gateway.promotions().recordPending();
    result(
        answer.message().replaceFirst(";.*", "") + "; recorded in the ledger as agent.promoted",
        answer.exit() == 0 && recorded == 1);
  }

  /** Waits up to ten seconds for something the gateway does in the background. */
  private static boolean waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  private Map<String, Object> post(
      HttpClient http, String base, String token, String tool, Map<String, Object> arguments)
      throws IOException, InterruptedException {
    Map<String, Object> body =
        Map.of("tool", tool, "arguments", arguments, "session_id", "demo-run-1");
    out.println("   POST /v1/actions  " + tool + " " + json.writeValueAsString(arguments));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/actions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    Map<String, Object> answer = json.readValue(response.body(), Map.class);
    answer.put("http_status", response.statusCode());
    return answer;
  }

  private void step(String title) {
    out.println(title);
  }

  private void expect(Map<String, Object> answer, String decision, String rule) {
    boolean ok =
        decision.equals(answer.get("decision"))
            && answer.get("rules") instanceof List<?> rules
            && rules.contains(rule);
    out.println(
        "   -> "
            + answer.get("http_status")
            + " "
            + answer.get("decision")
            + " "
            + answer.get("rules")
            + "  "
            + answer.get("detail"));
    if (!ok) {
      unexpected++;
      out.println("   UNEXPECTED: expected " + decision + " by " + rule);
    }
  }

  private void result(String line, boolean ok) {
    out.println("   -> " + line);
    if (!ok) {
      unexpected++;
      out.println("   UNEXPECTED");
    }
  }

  /** Copies the deployment, pointing its connectors at the stand-in systems. */
  private static Path copyDeployment(Path from, Path to, String systemsUrl) throws IOException {
    copyTree(from, to);
    // The copy must not carry a key from the source: the demo makes its own.
    deleteTree(to.resolve("keys"));
    try (Stream<Path> files = Files.walk(to)) {
      for (Path file :
          files.filter(p -> p.getFileName().toString().equals("tenant.yaml")).toList()) {
        Files.writeString(file, Files.readString(file).replace(SAMPLE_SYSTEMS_URL, systemsUrl));
      }
    }
    return to;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
