package dev.sallyport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link SyntheticTenant} written as a deployment folder in a temporary directory, in the format
 * of {@code examples/quickstart}, so that the real loader reads it. Closing deletes it.
 */
final class DeploymentFolder implements AutoCloseable {
  private final Path root;

  private DeploymentFolder(Path root) {
    this.root = root;
  }

  static DeploymentFolder write(SyntheticTenant tenant) throws IOException {
    Path root = Files.createTempDirectory("sallyport-bench-");
    Path base = root.resolve("tenants").resolve(SyntheticTenant.ID);
    Files.createDirectories(base.resolve("policies"));
    Files.writeString(root.resolve("sallyport.yaml"), sallyportYaml());
    Files.writeString(base.resolve("tenant.yaml"), tenantYaml(tenant));
    Files.writeString(base.resolve("tools.yaml"), toolsYaml(tenant.catalogue()));
    for (String ns : Catalogue.NAMESPACES) {
      Files.writeString(
          base.resolve("policies").resolve(ns + ".yaml"), rulesYaml(tenant.policyFile(ns)));
    }
    Files.writeString(
        base.resolve("policies").resolve("cross-cutting.yaml"),
        rulesYaml(tenant.crossCuttingRules()));
    return new DeploymentFolder(root);
  }

  Path root() {
    return root;
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sallyportYaml() {
    return """
    identity:
      issuers:
        - issuer: https://idp.bench.example
          audience: sallyport
          jwks_url: https://idp.bench.example/jwks.json
    tenants:
      - %s
    """
        .formatted(SyntheticTenant.ID);
  }

  private static String tenantYaml(SyntheticTenant tenant) {
    StringBuilder y = new StringBuilder();
    y.append("name: Synthetic benchmark tenant\nmode: enforce\nconnectors:\n");
    for (String ns : Catalogue.NAMESPACES) {
      y.append("  ").append(ns).append(":\n    type: http\n");
      y.append("    base_url: http://127.0.0.1:9801/").append(ns).append('\n');
    }
    y.append("roles:\n");
    for (String ns : Catalogue.NAMESPACES) {
      y.append("  ").append(ns).append("-agent:\n    tools: [").append(ns).append(".*]\n");
      y.append("  ").append(ns).append("-lead:\n    tools: [").append(ns).append(".*]\n");
    }
    for (SyntheticTenant.Role role : tenant.compositeRoles()) {
      y.append("  ").append(role.name()).append(":\n    tools: [");
      y.append(String.join(", ", role.namespaces().stream().map(ns -> ns + ".*").toList()));
      y.append("]\n");
    }
    y.append("  auditor:\n    read_only: true\n    tools: [\"*\"]\n");
    y.append("  approver:\n    description: People who approve actions.\n");
    y.append("agents:\n");
    for (SyntheticTenant.Agent agent : tenant.agents()) {
      y.append("  - id: ").append(agent.id()).append('\n');
      y.append("    roles: [").append(String.join(", ", agent.roles())).append("]\n");
    }
    y.append("group_roles:\n");
    for (String ns : Catalogue.NAMESPACES) {
      y.append("  ").append(ns).append("-leads: [approver]\n");
    }
    y.append("  security: [approver]\n");
    y.append("approver_groups:\n");
    for (String ns : Catalogue.NAMESPACES) {
      y.append("  ").append(ns).append("-approvers:\n    groups: [").append(ns).append("-leads]\n");
    }
    y.append("  security-approvers:\n    groups: [security]\n");
    y.append("  cfo-office:\n    users: [cfo@bench.example]\n");
    return y.toString();
  }

  private static String toolsYaml(Catalogue catalogue) {
    StringBuilder y = new StringBuilder("tools:\n");
    for (ToolSpec tool : catalogue.tools()) {
      String verb = tool.name().substring(tool.namespace().length() + 1);
      y.append("  - name: ").append(tool.name()).append('\n');
      y.append("    connector: ").append(tool.namespace()).append('\n');
      y.append("    effect: ").append(tool.effect().configName()).append('\n');
      y.append("    description: Synthetic ").append(tool.effect().configName()).append(" tool.\n");
      y.append("    http: {method: ")
          .append(tool.effect().configName().equals("read") ? "GET" : "POST");
      y.append(", path: /").append(verb).append("}\n");
      y.append("    arguments:\n      type: object\n      properties:\n");
      List<ToolSpec.ArgumentProperty> properties = tool.properties();
      for (ToolSpec.ArgumentProperty property : properties) {
        y.append("        ").append(property.name()).append(": ").append(property.schema());
        y.append('\n');
      }
      y.append("      required: [");
      y.append(properties.get(0).name()).append(", ").append(properties.get(1).name());
      y.append("]\n      additionalProperties: false\n");
    }
    return y.toString();
  }

  private static String rulesYaml(List<RuleSpec> rules) {
    StringBuilder y = new StringBuilder("rules:\n");
    for (RuleSpec rule : rules) {
      y.append("  - id: ").append(rule.id()).append('\n');
      y.append("    effect: ").append(rule.effect()).append('\n');
      y.append("    tools: [");
      y.append(String.join(", ", rule.tools().stream().map(DeploymentFolder::quoted).toList()));
      y.append("]\n");
      rule.when().ifPresent(when -> y.append("    when: ").append(quoted(when)).append('\n'));
      if (!rule.approvers().isEmpty()) {
        y.append("    approvers: [").append(String.join(", ", rule.approvers())).append("]\n");
      }
      y.append("    reason: Generated rule ").append(rule.id()).append(".\n");
    }
    return y.toString();
  }

  /** A YAML double-quoted scalar: CEL conditions start with quotes and contain colons. */
  private static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
