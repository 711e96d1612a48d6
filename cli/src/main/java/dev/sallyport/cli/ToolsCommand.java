package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.config.ToolPins;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.mcp.PinReview;
import dev.sallyport.mcp.StrictJson;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sallyport tools}: the upstream MCP tools of a tenant against the definitions the operator
 * pinned. {@code diff} asks each upstream for its tools now and shows, member by member, what
 * changed since the pin; {@code pin} accepts the current definitions into {@code
 * tenants/ID/tool-pins.json}. A running gateway quarantines a changed tool until then; it reads the
 * new pins at its next start.
 */
@Command(
    name = "tools",
    description = "Compare upstream MCP tool definitions with their pins, and pin them.",
    subcommands = {ToolsCommand.Diff.class, ToolsCommand.Pin.class})
final class ToolsCommand implements Runnable {
  /** {@code diff}'s exit code when some tool is not as pinned, as {@code diff(1)} does. */
  static final int DIFFERENT = 1;

  @Override
  public void run() {
    System.out.println("Use: sallyport tools diff|pin (see --help)");
  }

  /** The options both subcommands take. */
  abstract static class TenantTools {
    @Option(names = "--config", required = true, description = "The deployment folder.")
    Path config;

    @Option(names = "--tenant", required = true, description = "The tenant.")
    String tenant;

    /** The tenant's review, or empty after printing why not. */
    Optional<Reviewed> review() {
      Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
      if (deployment.isEmpty()) {
        return Optional.empty();
      }
      Optional<TenantConfig> tenantConfig;
      try {
        tenantConfig = deployment.get().tenant(TenantId.of(tenant));
      } catch (IllegalArgumentException e) {
        tenantConfig = Optional.empty();
      }
      if (tenantConfig.isEmpty()) {
        System.err.println("no tenant " + tenant + " in the deployment");
        return Optional.empty();
      }
      try (HttpClient http = HttpClient.newHttpClient();
          ExecutorCatalog catalog =
              ExecutorCatalog.from(deployment.get(), http, new StrictJson(1 << 20).mapper())) {
        return Optional.of(
            new Reviewed(
                tenantConfig.get(),
                PinReview.review(
                    tenantConfig.get(), catalog.mcpUpstreams(tenantConfig.get().id()))));
      }
    }
  }

  record Reviewed(TenantConfig tenant, List<PinReview.Entry> entries) {}

  /** {@code tools diff}. */
  @Command(
      name = "diff",
      description =
          "Show each upstream MCP tool's state and what changed since it was pinned; exit 1 if any"
              + " tool is not as pinned.")
  static final class Diff extends TenantTools implements Callable<Integer> {
    @Override
    public Integer call() {
      Optional<Reviewed> reviewed = review();
      if (reviewed.isEmpty()) {
        return Loading.REFUSED;
      }
      boolean allPinned = true;
      for (PinReview.Entry entry : reviewed.get().entries()) {
        System.out.println(
            entry.tool() + " " + entry.state().name().toLowerCase(java.util.Locale.ROOT));
        allPinned &= entry.state() == PinReview.State.PINNED;
        if (entry.state() == PinReview.State.CHANGED || entry.state() == PinReview.State.UNPINNED) {
          Map<String, Object> before =
              entry.accepted().map(a -> a.definition().definition()).orElse(Map.of());
          Map<String, Object> after = entry.current().get().definition();
          TreeSet<String> members = new TreeSet<>(before.keySet());
          members.addAll(after.keySet());
          for (String member : members) {
            String was =
                before.containsKey(member) ? CanonicalJson.string(before.get(member)) : null;
            String is = after.containsKey(member) ? CanonicalJson.string(after.get(member)) : null;
            if (!java.util.Objects.equals(was, is)) {
              System.out.println("  " + member + ":");
              if (was != null) {
                System.out.println("    - " + was);
              }
              if (is != null) {
                System.out.println("    + " + is);
              }
            }
          }
        }
      }
      return allPinned ? 0 : DIFFERENT;
    }
  }

  /** {@code tools pin}. */
  @Command(
      name = "pin",
      description =
          "Accept the upstream's current definitions of the named tools (of every changed or"
              + " unpinned tool without --tool) into tenants/ID/tool-pins.json.")
  static final class Pin extends TenantTools implements Callable<Integer> {
    @Option(
        names = "--tool",
        description = "A tool to pin (repeatable); every changed one if none.")
    List<String> tools = List.of();

    @Override
    public Integer call() throws IOException {
      Optional<Reviewed> reviewed = review();
      if (reviewed.isEmpty()) {
        return Loading.REFUSED;
      }
      for (String named : tools) {
        Optional<PinReview.Entry> entry =
            reviewed.get().entries().stream().filter(e -> e.tool().equals(named)).findFirst();
        if (entry.isEmpty()) {
          System.err.println("no upstream MCP tool " + named + " in tenant " + tenant);
          return Loading.REFUSED;
        }
        if (entry.get().state() == PinReview.State.MISSING
            || entry.get().state() == PinReview.State.UNREACHABLE) {
          System.err.println(
              named
                  + " is "
                  + entry.get().state().name().toLowerCase(java.util.Locale.ROOT)
                  + ": there is no current definition to pin");
          return Loading.REFUSED;
        }
      }
      ToolPins before = reviewed.get().tenant().toolPins();
      ToolPins after = PinReview.accept(before, reviewed.get().entries(), tools);
      for (var e : after.byTool().entrySet()) {
        if (!before.find(e.getKey()).map(a -> a.pin().equals(e.getValue().pin())).orElse(false)) {
          System.out.println("pinned " + e.getKey() + " " + e.getValue().pin());
        }
      }
      Path file = config.resolve("tenants").resolve(tenant).resolve(ToolPins.FILE);
      // Written whole and moved into place, so a crash never leaves half a pin file.
      Path temporary = Files.createTempFile(file.getParent(), ".tool-pins", ".json");
      Files.write(
          temporary,
          new StrictJson(1 << 20)
              .mapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsBytes(after.toJson()));
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      System.out.println("wrote " + file + "; restart the gateway to load it");
      return 0;
    }
  }
}
