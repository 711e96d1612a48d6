package dev.sallyport.config;

import dev.sallyport.model.ArgumentsSchema;
import dev.sallyport.model.EffectClass;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import dev.sallyport.policy.ConditionCompiler;
import dev.sallyport.policy.PolicyCompileException;
import dev.sallyport.policy.RoleGrants;
import dev.sallyport.policy.Rule;
import dev.sallyport.policy.RuleEffect;
import dev.sallyport.policy.TenantPolicy;
import dev.sallyport.policy.TenantRules;
import dev.sallyport.policy.ToolPattern;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads a deployment folder, strictly. See {@code docs/configuration.md} for the format.
 *
 * <pre>
 * DIR/sallyport.yaml                    server, identity, the list of tenants
 * DIR/tenants/ID/tenant.yaml            connectors, roles, agents, approver groups
 * DIR/tenants/ID/tools.yaml             the tool catalogue
 * DIR/tenants/ID/policies/*.yaml        rules
 * </pre>
 */
public final class DeploymentLoader {
  private static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");
  private static final Set<String> ACCEPTABLE_ALGORITHMS =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  private static final java.util.regex.Pattern LOOPBACK_V4 =
      java.util.regex.Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  private final ConditionCompiler compiler;

  public DeploymentLoader(ConditionCompiler compiler) {
    this.compiler = compiler;
  }

  /**
   * Loads and validates everything under {@code directory}.
   *
   * @throws ConfigException naming file, line and problem, at the first problem found
   */
  public Deployment load(Path directory) throws ConfigException {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(directory, "not a directory");
    }
    Digest digest = new Digest();
    YamlNode root = read(dir, "sallyport.yaml", digest);
    YamlNode.Fields fields = root.fields(Set.of("server", "identity", "tenants"));
    int port = 8080;
    if (fields.optional("server").isPresent()) {
      YamlNode.Fields server = fields.optional("server").get().fields(Set.of("port"));
      if (server.optional("port").isPresent()) {
        YamlNode node = server.optional("port").get();
        long value = node.integer();
        if (value < 0 || value > 65535) {
          throw node.problem("port must be between 0 and 65535");
        }
        port = (int) value;
      }
    }
    IdentitySettings identity = identity(dir, fields.required("identity"));
    Map<TenantId, TenantConfig> tenants = new LinkedHashMap<>();
    YamlNode tenantList = fields.required("tenants");
    for (YamlNode item : tenantList.list()) {
      String name = item.nonBlankString();
      TenantId id;
      try {
        id = TenantId.of(name);
      } catch (IllegalArgumentException e) {
        throw item.problem(e.getMessage());
      }
      if (tenants.containsKey(id)) {
        throw item.problem("tenant '" + name + "' is listed twice");
      }
      tenants.put(id, tenant(dir, id, digest));
    }
    if (tenants.isEmpty()) {
      throw tenantList.problem("at least one tenant is required");
    }
    checkNoStrayTenantFolders(dir, tenants.keySet());
    return new Deployment(dir, identity, port, tenants, digest.hex());
  }

  private static IdentitySettings identity(Path dir, YamlNode node) throws ConfigException {
    YamlNode.Fields f =
        node.fields(
            Set.of(
                "issuer",
                "audience",
                "jwks_file",
                "jwks_url",
                "tenant_claim",
                "principal_type_claim",
                "groups_claim",
                "algorithms",
                "clock_skew_seconds"));
    Optional<Path> jwksFile = Optional.empty();
    Optional<URI> jwksUrl = Optional.empty();
    if (f.has("jwks_file") == f.has("jwks_url")) {
      throw node.problem("exactly one of 'jwks_file' and 'jwks_url' must be set");
    }
    if (f.has("jwks_file")) {
      YamlNode file = f.required("jwks_file");
      try {
        jwksFile = Optional.of(dir.resolve(file.nonBlankString()).normalize());
      } catch (InvalidPathException e) {
        throw file.problem("not a valid file path");
      }
    } else {
      YamlNode url = f.required("jwks_url");
      URI uri = uri(url);
      if (!"https".equals(uri.getScheme()) && !isLoopback(uri)) {
        throw url.problem("jwks_url must use https (plain http only on loopback addresses)");
      }
      jwksUrl = Optional.of(uri);
    }
    List<String> algorithms = new ArrayList<>(DEFAULT_ALGORITHMS);
    if (f.has("algorithms")) {
      YamlNode node1 = f.required("algorithms");
      algorithms = node1.strings();
      for (String alg : algorithms) {
        if (!ACCEPTABLE_ALGORITHMS.contains(alg)) {
          throw node1.problem(
              "algorithm '"
                  + alg
                  + "' is not accepted (asymmetric algorithms only, never none or HS*)");
        }
      }
      if (algorithms.isEmpty()) {
        throw node1.problem("at least one algorithm is required");
      }
    }
    long skew = 60;
    if (f.has("clock_skew_seconds")) {
      YamlNode s = f.required("clock_skew_seconds");
      skew = s.integer();
      if (skew < 0 || skew > 300) {
        throw s.problem("clock_skew_seconds must be between 0 and 300");
      }
    }
    return new IdentitySettings(
        f.required("issuer").nonBlankString(),
        f.required("audience").nonBlankString(),
        jwksFile,
        jwksUrl,
        optionalString(f, "tenant_claim", "tenant"),
        optionalString(f, "principal_type_claim", "principal_type"),
        optionalString(f, "groups_claim", "groups"),
        algorithms,
        Duration.ofSeconds(skew));
  }

  private TenantConfig tenant(Path dir, TenantId id, Digest digest) throws ConfigException {
    String base = "tenants/" + id.value() + "/";
    YamlNode.Fields f =
        read(dir, base + "tenant.yaml", digest)
            .fields(
                Set.of(
                    "name",
                    "mode",
                    "connectors",
                    "roles",
                    "agents",
                    "group_roles",
                    "approver_groups"));
    String displayName = optionalString(f, "name", id.value());
    boolean tenantDryRun = mode(f.optional("mode"));

    Map<String, ConnectorSettings> connectors = new LinkedHashMap<>();
    if (f.has("connectors")) {
      for (Map.Entry<String, YamlNode> e : f.required("connectors").entries().entrySet()) {
        connectors.put(e.getKey(), connector(e.getKey(), e.getValue()));
      }
    }

    Map<String, Tool> tools = tools(read(dir, base + "tools.yaml", digest), connectors);

    Map<String, List<ToolPattern>> byRole = new LinkedHashMap<>();
    Set<String> readOnlyRoles = new LinkedHashSet<>();
    if (f.has("roles")) {
      for (Map.Entry<String, YamlNode> e : f.required("roles").entries().entrySet()) {
        YamlNode.Fields role = e.getValue().fields(Set.of("tools", "read_only", "description"));
        // A role may grant no tools: roles of people (approvers, auditors) exist for other powers.
        byRole.put(
            e.getKey(), role.has("tools") ? patterns(role.required("tools"), tools) : List.of());
        if (role.has("read_only") && role.required("read_only").bool()) {
          readOnlyRoles.add(e.getKey());
        }
      }
    }

    Map<String, ApproverGroup> approverGroups = new LinkedHashMap<>();
    if (f.has("approver_groups")) {
      for (Map.Entry<String, YamlNode> e : f.required("approver_groups").entries().entrySet()) {
        YamlNode.Fields g = e.getValue().fields(Set.of("groups", "users"));
        List<String> groups = g.has("groups") ? g.required("groups").strings() : List.of();
        List<String> users = g.has("users") ? g.required("users").strings() : List.of();
        if (groups.isEmpty() && users.isEmpty()) {
          throw e.getValue().problem("an approver group needs at least one IdP group or user");
        }
        approverGroups.put(e.getKey(), new ApproverGroup(e.getKey(), groups, users));
      }
    }

    Map<String, AgentSettings> agents = new LinkedHashMap<>();
    Map<String, List<ToolPattern>> byAgent = new LinkedHashMap<>();
    Set<String> dryRunAgents = new LinkedHashSet<>();
    if (f.has("agents")) {
      for (YamlNode item : f.required("agents").list()) {
        YamlNode.Fields a =
            item.fields(Set.of("id", "roles", "tools", "mode", "owner", "description"));
        String agentId = a.required("id").nonBlankString();
        if (agents.containsKey(agentId)) {
          throw item.problem("agent '" + agentId + "' is declared twice");
        }
        List<String> roles = a.has("roles") ? a.required("roles").strings() : List.of();
        for (String role : roles) {
          if (!byRole.containsKey(role)) {
            throw a.required("roles").problem("unknown role '" + role + "'");
          }
        }
        if (a.has("tools")) {
          byAgent.put(agentId, patterns(a.required("tools"), tools));
        }
        boolean dryRun = mode(a.optional("mode"));
        if (dryRun) {
          dryRunAgents.add(agentId);
        }
        agents.put(
            agentId, new AgentSettings(agentId, roles, dryRun, optionalString(a, "owner", "")));
      }
    }

    Map<String, List<String>> groupRoles = new LinkedHashMap<>();
    if (f.has("group_roles")) {
      for (Map.Entry<String, YamlNode> e : f.required("group_roles").entries().entrySet()) {
        List<String> roles = e.getValue().strings();
        for (String role : roles) {
          if (!byRole.containsKey(role)) {
            throw e.getValue().problem("unknown role '" + role + "'");
          }
        }
        groupRoles.put(e.getKey(), roles);
      }
    }

    List<Rule> rules = rules(dir, base + "policies", tools, approverGroups, digest);
    TenantPolicy policy =
        new TenantPolicy(
            id,
            digest.tenantVersion(id),
            tools,
            new TenantRules(rules, tools.keySet()),
            new RoleGrants(byRole, byAgent, readOnlyRoles),
            dryRunAgents,
            tenantDryRun);
    return new TenantConfig(
        id, displayName, connectors, agents, groupRoles, approverGroups, policy);
  }

  private static ConnectorSettings connector(String name, YamlNode node) throws ConfigException {
    YamlNode.Fields c = node.fields(Set.of("type", "base_url", "timeout_ms"));
    YamlNode type = c.required("type");
    if (!"http".equals(type.string())) {
      throw type.problem("unknown connector type '" + type.string() + "' (known: http)");
    }
    YamlNode url = c.required("base_url");
    URI uri = uri(url);
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw url.problem("base_url must be an http or https URL");
    }
    long timeout = 10_000;
    if (c.has("timeout_ms")) {
      timeout = c.required("timeout_ms").integer();
      if (timeout < 1 || timeout > 600_000) {
        throw c.required("timeout_ms").problem("timeout_ms must be between 1 and 600000");
      }
    }
    return new ConnectorSettings(name, "http", uri, Duration.ofMillis(timeout));
  }

  private static Map<String, Tool> tools(YamlNode file, Map<String, ConnectorSettings> connectors)
      throws ConfigException {
    Map<String, Tool> tools = new LinkedHashMap<>();
    YamlNode list = file.fields(Set.of("tools")).required("tools");
    for (YamlNode item : list.list()) {
      YamlNode.Fields t =
          item.fields(Set.of("name", "connector", "effect", "description", "arguments", "http"));
      YamlNode nameNode = t.required("name");
      String name = nameNode.nonBlankString();
      if (!Tool.isValidName(name)) {
        throw nameNode.problem(
            "tool name '"
                + name
                + "' must be namespaced lowercase words joined by '.', like billing.send_invoice");
      }
      if (tools.containsKey(name)) {
        throw nameNode.problem("tool '" + name + "' is declared twice");
      }
      if (!t.has("effect")) {
        throw item.problem(
            "tool '"
                + name
                + "' has no effect class (one of read, write, destructive, external_send, spend)");
      }
      YamlNode effectNode = t.required("effect");
      EffectClass effect =
          EffectClass.fromConfigName(effectNode.string())
              .orElseThrow(() ->
                  effectNode.problem(
                      "unknown effect class '"
                          + effectNode.describeValue()
                          + "' (one of read, write, destructive, external_send, spend)"));
      YamlNode connectorNode = t.required("connector");
      String connector = connectorNode.nonBlankString();
      if (!connectors.containsKey(connector)) {
        throw connectorNode.problem("unknown connector '" + connector + "'");
      }
      ArgumentsSchema schema = ArgumentsSchema.ANY_OBJECT;
      if (t.has("arguments")) {
        YamlNode schemaNode = t.required("arguments");
        if (!(schemaNode.json() instanceof Map<?, ?> map)) {
          throw schemaNode.problem("the arguments schema must be a mapping");
        }
        try {
          schema = new ArgumentsSchema(castMap(map));
        } catch (IllegalArgumentException e) {
          throw schemaNode.problem(e.getMessage());
        }
      }
      YamlNode.Fields http = t.required("http").fields(Set.of("method", "path"));
      YamlNode methodNode = http.required("method");
      String method = methodNode.nonBlankString().toUpperCase(Locale.ROOT);
      if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
        throw methodNode.problem("method must be GET, POST, PUT, PATCH or DELETE");
      }
      YamlNode pathNode = http.required("path");
      String path = pathNode.nonBlankString();
      if (!path.startsWith("/")) {
        throw pathNode.problem("path must start with '/'");
      }
      tools.put(
          name,
          new Tool(
              name,
              connector,
              effect,
              optionalString(t, "description", ""),
              schema,
              new Tool.Operation(method, path)));
    }
    return tools;
  }

  private List<Rule> rules(
      Path dir,
      String policiesDir,
      Map<String, Tool> tools,
      Map<String, ApproverGroup> approverGroups,
      Digest digest)
      throws ConfigException {
    Path folder = dir.resolve(policiesDir);
    if (!Files.isDirectory(folder)) {
      throw new ConfigException(
          policiesDir, 0, 0, "missing folder: every tenant needs at least one policy file");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(policiesDir, 0, 0, "cannot list folder");
    }
    if (files.isEmpty()) {
      throw new ConfigException(policiesDir, 0, 0, "no .yaml policy files");
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Path file : files) {
      String display = policiesDir + "/" + file.getFileName();
      YamlNode list = read(dir, display, digest).fields(Set.of("rules")).required("rules");
      for (YamlNode item : list.list()) {
        Rule rule = rule(item, tools, approverGroups);
        if (!ids.add(rule.id())) {
          throw item.problem("rule id '" + rule.id() + "' is used twice");
        }
        rules.add(rule);
      }
    }
    return rules;
  }

  private Rule rule(
      YamlNode item, Map<String, Tool> tools, Map<String, ApproverGroup> approverGroups)
      throws ConfigException {
    YamlNode.Fields r = item.fields(Set.of("id", "effect", "tools", "when", "reason", "approvers"));
    YamlNode idNode = r.required("id");
    String id = idNode.nonBlankString();
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
        || id.startsWith("invariant.")
        || id.startsWith("grant.")
        || id.startsWith("default.")) {
      throw idNode.problem(
          "rule id must be letters, digits, '.', '_' or '-' and must not start with invariant., grant. or default.");
    }
    YamlNode effectNode = r.required("effect");
    RuleEffect effect =
        RuleEffect.fromConfigName(effectNode.string())
            .orElseThrow(() ->
                effectNode.problem(
                    "unknown effect '"
                        + effectNode.describeValue()
                        + "' (one of permit, forbid, require_approval, dry_run)"));
    List<ToolPattern> patterns = patterns(r.required("tools"), tools);
    Optional<dev.sallyport.policy.Condition> condition = Optional.empty();
    if (r.has("when")) {
      YamlNode when = r.required("when");
      try {
        condition = Optional.of(compiler.compile(when.nonBlankString()));
      } catch (PolicyCompileException e) {
        throw when.problem("condition does not compile: " + e.getMessage());
      }
    }
    List<String> approvers = List.of();
    if (r.has("approvers")) {
      YamlNode node = r.required("approvers");
      if (effect != RuleEffect.REQUIRE_APPROVAL) {
        throw node.problem("'approvers' is only allowed on require_approval rules");
      }
      approvers = node.strings();
      for (String group : approvers) {
        if (!approverGroups.containsKey(group)) {
          throw node.problem("unknown approver group '" + group + "'");
        }
      }
    }
    return new Rule(
        id, effect, patterns, condition, r.required("reason").nonBlankString(), approvers);
  }

  /** Tool patterns that must each name at least one catalogued tool. */
  private static List<ToolPattern> patterns(YamlNode node, Map<String, Tool> tools)
      throws ConfigException {
    List<ToolPattern> patterns = new ArrayList<>();
    List<YamlNode> items = node.list();
    if (items.isEmpty()) {
      throw node.problem("at least one tool is required");
    }
    for (YamlNode item : items) {
      String text = item.nonBlankString();
      if (!ToolPattern.isValid(text)) {
        throw item.problem("'" + text + "' is not a tool name, 'namespace.*' or '*'");
      }
      ToolPattern pattern = new ToolPattern(text);
      if (tools.keySet().stream().noneMatch(pattern::matches)) {
        throw item.problem("'" + text + "' names no tool in the catalogue");
      }
      patterns.add(pattern);
    }
    return patterns;
  }

  private static boolean mode(Optional<YamlNode> node) throws ConfigException {
    if (node.isEmpty()) {
      return false;
    }
    String mode = node.get().string();
    return switch (mode) {
      case "enforce" -> false;
      case "dry_run" -> true;
      default -> throw node.get().problem("mode must be enforce or dry_run");
    };
  }

  private static String optionalString(YamlNode.Fields f, String key, String fallback)
      throws ConfigException {
    Optional<YamlNode> node = f.optional(key);
    return node.isPresent() ? node.get().nonBlankString() : fallback;
  }

  private static URI uri(YamlNode node) throws ConfigException {
    try {
      URI uri = new URI(node.nonBlankString());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw node.problem("expected an absolute URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw node.problem("expected an absolute URL");
    }
  }

  /**
   * Plain http is tolerated only for a loopback literal: never a name that merely looks like one.
   */
  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return "http".equals(uri.getScheme())
        && (host.equals("localhost")
            || host.equals("[::1]")
            || LOOPBACK_V4.matcher(host).matches());
  }

  private static YamlNode read(Path dir, String relative, Digest digest) throws ConfigException {
    Path file = dir.resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(relative, 0, 0, "missing file");
    }
    byte[] bytes;
    try {
      if (Files.size(file) > YamlNode.MAX_FILE_BYTES) {
        throw new ConfigException(relative, 1, 1, "file is larger than 1 MiB");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(relative, 0, 0, "cannot read file");
    }
    digest.add(relative, bytes);
    return YamlNode.parse(bytes, relative);
  }

  private static void checkNoStrayTenantFolders(Path dir, Set<TenantId> tenants)
      throws ConfigException {
    Path folder = dir.resolve("tenants");
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path child : listing.sorted().toList()) {
        String name = child.getFileName().toString();
        if (Files.isDirectory(child) && tenants.stream().noneMatch(t -> t.value().equals(name))) {
          throw new ConfigException(
              "tenants/" + name, 0, 0, "folder of a tenant that sallyport.yaml does not list");
        }
      }
    } catch (IOException e) {
      throw new ConfigException("tenants", 0, 0, "cannot list folder");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  /** SHA-256 over every file read, by relative path; per tenant for the policy version. */
  private static final class Digest {
    private final TreeMap<String, byte[]> files = new TreeMap<>();

    void add(String relative, byte[] bytes) {
      files.put(relative, bytes);
    }

    String tenantVersion(TenantId tenant) {
      return hash(files.subMap(
              "tenants/" + tenant.value() + "/", "tenants/" + tenant.value() + "0"))
          .substring(0, 16);
    }

    String hex() {
      return hash(files);
    }

    private static String hash(Map<String, byte[]> entries) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
          sha.update(entry.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sha.update((byte) 0);
          sha.update(
              Long.toString(entry.getValue().length)
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sha.update((byte) 0);
          sha.update(entry.getValue());
        }
        return HexFormat.of().formatHex(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }
  }
}
