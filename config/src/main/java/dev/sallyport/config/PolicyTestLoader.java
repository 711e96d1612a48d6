package dev.sallyport.config;

import dev.sallyport.model.JsonValues;
import dev.sallyport.model.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads policy test cases from {@code tenants/ID/tests/*.yaml} of a loaded deployment, strictly,
 * like the rest of the configuration.
 */
public final class PolicyTestLoader {
  /** The time a case runs at unless it says otherwise: fixed, so results never depend on today. */
  public static final Instant DEFAULT_TIME = Instant.parse("2026-01-05T10:00:00Z");

  private static final Set<String> DECISIONS =
      Set.of("allow", "deny", "require_approval", "dry_run");

  public List<PolicyTestCase> load(Deployment deployment) throws ConfigException {
    List<PolicyTestCase> cases = new ArrayList<>();
    for (TenantConfig tenant : deployment.tenants().values()) {
      String folder = "tenants/" + tenant.id().value() + "/tests";
      Path dir = deployment.directory().resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> listing = Files.list(dir)) {
        files = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
      } catch (IOException e) {
        throw new ConfigException(folder, 0, 0, "cannot list folder");
      }
      for (Path file : files) {
        String display = folder + "/" + file.getFileName();
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (IOException e) {
          throw new ConfigException(display, 0, 0, "cannot read file");
        }
        YamlNode root = YamlNode.parse(bytes, display);
        for (YamlNode item : root.fields(Set.of("tests")).required("tests").list()) {
          cases.add(testCase(item, tenant));
        }
      }
    }
    return cases;
  }

  private static PolicyTestCase testCase(YamlNode item, TenantConfig tenant)
      throws ConfigException {
    YamlNode.Fields f =
        item.fields(Set.of("name", "agent", "user", "tool", "args", "at", "session", "expect"));
    String name = f.required("name").nonBlankString();
    Principal principal = principal(item, f, tenant);
    Map<String, Object> args = f.has("args") ? object(f.required("args")) : Map.of();
    Instant at = DEFAULT_TIME;
    if (f.has("at")) {
      YamlNode node = f.required("at");
      try {
        at = Instant.parse(node.nonBlankString());
      } catch (DateTimeParseException e) {
        throw node.problem("expected an ISO-8601 instant like 2026-01-05T10:00:00Z");
      }
    }
    boolean tainted = false;
    List<PolicyTestCase.PastCall> history = new ArrayList<>();
    List<String> approvals = List.of();
    if (f.has("session")) {
      YamlNode.Fields s = f.required("session").fields(Set.of("tainted", "calls", "approvals"));
      if (s.has("tainted")) {
        tainted = s.required("tainted").bool();
      }
      if (s.has("approvals")) {
        approvals = s.required("approvals").strings();
      }
      if (s.has("calls")) {
        for (YamlNode call : s.required("calls").list()) {
          YamlNode.Fields c = call.fields(Set.of("tool", "args", "seconds_ago"));
          long ago = c.has("seconds_ago") ? c.required("seconds_ago").integer() : 0;
          if (ago < 0) {
            throw c.required("seconds_ago").problem("seconds_ago must not be negative");
          }
          history.add(
              new PolicyTestCase.PastCall(
                  c.required("tool").nonBlankString(),
                  c.has("args") ? object(c.required("args")) : Map.of(),
                  ago));
        }
      }
    }
    YamlNode.Fields e = f.required("expect").fields(Set.of("decision", "rule", "reason"));
    YamlNode decisionNode = e.required("decision");
    String decision = decisionNode.nonBlankString();
    if (!DECISIONS.contains(decision)) {
      throw decisionNode.problem("decision must be one of allow, deny, require_approval, dry_run");
    }
    Optional<String> rule =
        e.has("rule") ? Optional.of(e.required("rule").nonBlankString()) : Optional.empty();
    Optional<String> reason =
        e.has("reason") ? Optional.of(e.required("reason").nonBlankString()) : Optional.empty();
    return new PolicyTestCase(
        item.file() + ":" + item.line(),
        name,
        principal,
        f.required("tool").nonBlankString(),
        args,
        at,
        tainted,
        history,
        approvals,
        decision,
        rule,
        reason);
  }

  private static Principal principal(YamlNode item, YamlNode.Fields f, TenantConfig tenant)
      throws ConfigException {
    if (f.has("agent") == f.has("user")) {
      throw item.problem("a test case names exactly one of 'agent' and 'user'");
    }
    if (f.has("agent")) {
      YamlNode node = f.required("agent");
      String id = node.nonBlankString();
      return tenant
          .agentPrincipal(id)
          .orElseThrow(() -> node.problem("unknown agent '" + id + "' in tenant " + tenant.id()));
    }
    YamlNode.Fields u = f.required("user").fields(Set.of("id", "groups"));
    List<String> groups = u.has("groups") ? u.required("groups").strings() : List.of();
    return tenant.humanPrincipal(u.required("id").nonBlankString(), groups);
  }

  private static Map<String, Object> object(YamlNode node) throws ConfigException {
    if (node.json() instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> cast = (Map<String, Object>) map;
      return JsonValues.immutableObject(cast);
    }
    throw node.problem("expected a mapping");
  }
}
