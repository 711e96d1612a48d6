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
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
 * DIR/sallyport.yaml                    server, identity, ledger retention, ingress, the tenants
 * DIR/tenants/ID/tenant.yaml            connectors, roles, agents, approver groups
 * DIR/tenants/ID/tools.yaml             the tool catalogue
 * DIR/tenants/ID/policies/*.yaml        rules
 * </pre>
 */
public final class DeploymentLoader {
  /** {@code ledger.retention}: up to 6 digits without a leading zero, then {@code d}. */
  private static final java.util.regex.Pattern RETENTION =
      java.util.regex.Pattern.compile("(0|[1-9][0-9]{0,5})d");

  /** A two-phase tool's {@code window}: a positive whole number of one unit. */
  private static final java.util.regex.Pattern WINDOW =
      java.util.regex.Pattern.compile("([1-9][0-9]{0,6})([smhd])");

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
    YamlNode.Fields fields =
        root.fields(
            Set.of(
                "server",
                "identity",
                "ledger",
                "tenants",
                "siem",
                "ingress",
                "executor",
                "secrets",
                "console",
                "mcp"));
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
    LedgerSettings ledger = ledger(fields.optional("ledger"));
    IngressSettings ingress = IngressSection.read(fields.optional("ingress"));
    // Before the tenants: each connector's credential is checked against its tenant's paths.
    SecretsSettings secrets = SecretsSection.read(fields.optional("secrets"));
    // Before the tenants: their notifications carry links to the console's pages.
    Optional<ConsoleConfig> console =
        fields.has("console")
            ? Optional.of(ConsoleSection.read(dir, fields.required("console")))
            : Optional.empty();
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
      tenants.put(id, tenant(dir, id, digest, secrets, console.isPresent()));
    }
    if (tenants.isEmpty()) {
      throw tenantList.problem("at least one tenant is required");
    }
    checkNoStrayTenantFolders(dir, tenants.keySet());
    // After the tenants: an issuer names the tenants it may speak for.
    IdentitySettings identity =
        IdentitySection.read(dir, fields.required("identity"), tenants.keySet());
    List<SiemSinkSettings> siem =
        fields.has("siem") ? SiemSection.read(dir, fields.required("siem")) : List.of();
    ExecutorSettings executor = ExecutorSection.read(fields.optional("executor"));
    if (console.isPresent()) {
      checkConsoleIssuer(fields.required("console"), console.get(), identity);
    }
    return new Deployment(
        dir,
        identity,
        port,
        tenants,
        digest.hex(),
        ledger,
        siem,
        ingress,
        executor,
        secrets,
        console,
        McpSettings.read(fields.optional("mcp")));
  }

  private static LedgerSettings ledger(Optional<YamlNode> node) throws ConfigException {
    if (node.isEmpty()) {
      return LedgerSettings.DEFAULTS;
    }
    YamlNode.Fields f = node.get().fields(Set.of("retention"));
    if (!f.has("retention")) {
      return LedgerSettings.DEFAULTS;
    }
    YamlNode retention = f.required("retention");
    String text = retention.string();
    // Days only, spelled canonically: a retention is a compliance promise, so "90" (which unit?),
    // "12h" or "090d" is refused rather than read one way or another.
    if (!RETENTION.matcher(text).matches()) {
      throw retention.problem(
          "retention must be a whole number of days such as 90d, found '" + text + "'");
    }
    long days = Long.parseLong(text.substring(0, text.length() - 1));
    if (days < LedgerSettings.MIN_RETENTION.toDays()
        || days > LedgerSettings.MAX_RETENTION.toDays()) {
      throw retention.problem(
          "retention must be between "
              + LedgerSettings.MIN_RETENTION.toDays()
              + "d and "
              + LedgerSettings.MAX_RETENTION.toDays()
              + "d, found '"
              + text
              + "'");
    }
    return new LedgerSettings(Duration.ofDays(days));
  }

  /**
   * The console signs people in at an issuer the identity layer already trusts for people, so that
   * an ID token's claims become a principal by the same rules (tenant claim, group claims) as a
   * bearer token's.
   */
  private static void checkConsoleIssuer(
      YamlNode node, ConsoleConfig console, IdentitySettings identity) throws ConfigException {
    boolean trusted =
        identity.issuers().stream()
            .anyMatch(
                i -> i.issuer().equals(console.issuer().toString()) && i.people().isPresent());
    if (!trusted) {
      throw node.entries()
          .get("issuer")
          .problem("the console's issuer must be one of identity.issuers, with a rule for people");
    }
  }

  private TenantConfig tenant(
      Path dir, TenantId id, Digest digest, SecretsSettings secrets, boolean console)
      throws ConfigException {
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
                    "approver_groups",
                    "new_agents",
                    "approvals",
                    "notifications",
                    "guards"));
    String displayName = optionalString(f, "name", id.value());
    boolean tenantDryRun = mode(f.optional("mode"));
    Duration newAgentDryRun = TenantConfig.DEFAULT_NEW_AGENT_DRY_RUN;
    if (f.has("new_agents")) {
      YamlNode.Fields n = f.required("new_agents").fields(Set.of("dry_run_for"));
      if (n.has("dry_run_for")) {
        newAgentDryRun = days(n.required("dry_run_for"), "dry_run_for", 0, 3650);
      }
    }

    GuardSettings guards = guards(f.optional("guards"));

    Map<String, ConnectorSettings> connectors = new LinkedHashMap<>();
    if (f.has("connectors")) {
      for (Map.Entry<String, YamlNode> e : f.required("connectors").entries().entrySet()) {
        connectors.put(e.getKey(), ConnectorSection.read(id, e.getKey(), e.getValue(), secrets));
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
        YamlNode.Fields g =
            e.getValue().fields(Set.of("groups", "users", "quorum", "separation_of_duties"));
        List<String> groups = g.has("groups") ? g.required("groups").strings() : List.of();
        List<String> users = g.has("users") ? g.required("users").strings() : List.of();
        if (groups.isEmpty() && users.isEmpty()) {
          throw e.getValue().problem("an approver group needs at least one IdP group or user");
        }
        int quorum = 1;
        if (g.has("quorum")) {
          YamlNode q = g.required("quorum");
          long value = q.integer();
          if (value < 1 || value > 100) {
            throw q.problem("quorum must be between 1 and 100");
          }
          // Named users only: a quorum larger than the group could never be reached, and every
          // call would wait until it expires.
          if (groups.isEmpty() && value > users.size()) {
            throw q.problem(
                "quorum " + value + " is more than the group's " + users.size() + " named users");
          }
          quorum = (int) value;
        }
        boolean separation =
            g.has("separation_of_duties") && g.required("separation_of_duties").bool();
        approverGroups.put(
            e.getKey(), new ApproverGroup(e.getKey(), groups, users, quorum, separation));
      }
    }

    for (String group : guards.approvers()) {
      if (!approverGroups.containsKey(group)) {
        throw f.required("guards")
            .problem("guards.approvers: unknown approver group '" + group + "'");
      }
    }

    Map<String, AgentSettings> agents = new LinkedHashMap<>();
    Map<String, List<ToolPattern>> byAgent = new LinkedHashMap<>();
    Set<String> dryRunAgents = new LinkedHashSet<>();
    if (f.has("agents")) {
      for (YamlNode item : f.required("agents").list()) {
        YamlNode.Fields a =
            item.fields(Set.of("id", "roles", "tools", "mode", "owner", "description", "since"));
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
        Optional<Instant> since = Optional.empty();
        if (a.has("since")) {
          YamlNode s = a.required("since");
          try {
            since =
                Optional.of(LocalDate.parse(s.string()).atStartOfDay(ZoneOffset.UTC).toInstant());
          } catch (DateTimeParseException e) {
            throw s.problem("since must be a date such as 2026-11-20");
          }
        }
        agents.put(
            agentId,
            new AgentSettings(agentId, roles, dryRun, optionalString(a, "owner", ""), since));
      }
    }

    Map<String, List<String>> groupRoles = new LinkedHashMap<>();
    if (f.has("group_roles")) {
      for (Map.Entry<String, YamlNode> e : f.required("group_roles").entries().entrySet()) {
        List<String> roles = e.getValue().strings();
        for (String role : roles) {
          // Administrative roles (auditor, approver, ...) are built in: no declaration needed.
          if (!byRole.containsKey(role) && !AdministrativeRole.isAdministrative(role)) {
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
            tenantDryRun,
            guards.consequentialWrite(),
            guards.approvers());
    ApprovalSettings approvals =
        ApprovalsSection.read(dir, f.optional("approvals"), f.optional("notifications"), console);
    return new TenantConfig(
        id,
        displayName,
        connectors,
        agents,
        groupRoles,
        approverGroups,
        policy,
        newAgentDryRun,
        approvals,
        toolPins(dir, base, tools, digest),
        guards);
  }

  /** The accepted upstream definitions; a tenant without MCP tools needs no file. */
  private static ToolPins toolPins(Path dir, String base, Map<String, Tool> tools, Digest digest)
      throws ConfigException {
    if (!Files.isRegularFile(dir.resolve(base + ToolPins.FILE))) {
      return ToolPins.NONE;
    }
    Set<String> mcpTools = new LinkedHashSet<>();
    tools.values().stream()
        .filter(t -> t.operation() instanceof Tool.McpTool)
        .forEach(t -> mcpTools.add(t.name()));
    return ToolPins.read(read(dir, base + ToolPins.FILE, digest), mcpTools);
  }

  private static List<Tool> passThroughTools(String connector) {
    return List.of(
        new Tool(
            connector + "." + Tool.McpResourceRead.SUFFIX,
            connector,
            EffectClass.READ,
            "Reads a resource of upstream " + connector,
            new ArgumentsSchema(
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("uri", Map.of("type", "string", "maxLength", 2048L)),
                    "required",
                    List.of("uri"),
                    "additionalProperties",
                    false)),
            new Tool.McpResourceRead()),
        new Tool(
            connector + "." + Tool.McpPromptGet.SUFFIX,
            connector,
            EffectClass.READ,
            "Gets a prompt of upstream " + connector,
            new ArgumentsSchema(
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of(
                        "name", Map.of("type", "string", "maxLength", 128L),
                        "arguments", Map.of("type", "object")),
                    "required",
                    List.of("name"),
                    "additionalProperties",
                    false)),
            new Tool.McpPromptGet()));
  }

  /** A tool name as MCP allows it. */
  private static final java.util.regex.Pattern MCP_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9_./-]{1,128}");

  private static Map<String, Tool> tools(YamlNode file, Map<String, ConnectorSettings> connectors)
      throws ConfigException {
    Map<String, Tool> tools = new LinkedHashMap<>();
    YamlNode list = file.fields(Set.of("tools")).required("tools");
    for (YamlNode item : list.list()) {
      YamlNode.Fields t =
          item.fields(
              Set.of(
                  "name",
                  "connector",
                  "effect",
                  "description",
                  "arguments",
                  "http",
                  "email",
                  "idempotent",
                  "phases",
                  "mcp",
                  "trusted",
                  "consequential_arguments"));
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
      Tool.Request request;
      Optional<Tool.Phases> phases = Optional.empty();
      switch (connectors.get(connector)) {
        case ConnectorSettings.Http http -> {
          if (t.has("phases")) {
            if (t.has("http")) {
              throw t.required("http")
                  .problem("a two-phase tool has no 'http': its soft step is phases.soft");
            }
            YamlNode.Fields p =
                t.required("phases").fields(Set.of("soft", "hard", "reinstate", "window"));
            request = operation(p.required("soft"));
            phases =
                Optional.of(
                    new Tool.Phases(
                        operation(p.required("hard")),
                        operation(p.required("reinstate")),
                        p.has("window")
                            ? window(p.required("window"))
                            : Tool.Phases.DEFAULT_WINDOW));
          } else {
            request = httpRequest(item, t);
          }
        }
        case ConnectorSettings.Smtp smtp -> {
          if (t.has("phases")) {
            throw t.required("phases")
                .problem("'phases' is for tools on an http connector: an e-mail cannot be undone");
          }
          request = emailRequest(item, t, schema);
        }
        case ConnectorSettings.Mcp mcp -> {
          if (t.has("phases") || t.has("http") || t.has("email")) {
            throw item.problem("a tool on an mcp connector has 'mcp: {tool}' only");
          }
          request = mcpRequest(item, t, name);
        }
      }
      boolean idempotent = t.has("idempotent") && t.required("idempotent").bool();
      Tool.Trust trust = trust(t, schema);
      tools.put(
          name,
          new Tool(
              name,
              connector,
              effect,
              optionalString(t, "description", ""),
              schema,
              request,
              idempotent,
              phases,
              trust));
    }
    // Every MCP connector's resources and prompts pass policy as the read tools
    // CONNECTOR.read_resource and CONNECTOR.get_prompt: granted, denied and recorded like calls.
    for (Map.Entry<String, ConnectorSettings> c : connectors.entrySet()) {
      if (c.getValue() instanceof ConnectorSettings.Mcp) {
        for (Tool passThrough : passThroughTools(c.getKey())) {
          if (!Tool.isValidName(passThrough.name())) {
            throw list.problem(
                "mcp connector '"
                    + c.getKey()
                    + "' needs a lowercase name: its resources are"
                    + " read as tool "
                    + passThrough.name());
          }
          if (tools.putIfAbsent(passThrough.name(), passThrough) != null) {
            throw list.problem(
                "tool '" + passThrough.name() + "' is reserved for connector " + c.getKey());
          }
        }
      }
    }
    // Agents call tools on /mcp by their listed names: one name, one tool.
    Map<String, String> listed = new LinkedHashMap<>();
    for (Tool tool : tools.values()) {
      String as = tool.operation() instanceof Tool.McpTool m ? m.listedAs() : tool.name();
      String other = listed.putIfAbsent(as, tool.name());
      if (other != null || as.startsWith("sallyport.")) {
        throw list.problem(
            "tool '" + tool.name() + "' would be listed on /mcp as '" + as + "', which is taken");
      }
    }
    // The executor knows a two-phase tool's later steps as NAME.hard and NAME.reinstate.
    for (Tool tool : tools.values()) {
      if (tool.phases().isPresent()) {
        for (String step : List.of(tool.hardStepName(), tool.reinstateStepName())) {
          if (tools.containsKey(step)) {
            throw list.problem(
                "tool '"
                    + step
                    + "' has the name of a step of two-phase tool '"
                    + tool.name()
                    + "'");
          }
        }
      }
    }
    return tools;
  }

  /**
   * {@code trusted: true} (the tool's output is trusted provenance) and {@code
   * consequential_arguments: [..]} (what the taint invariant traces; every argument when absent). A
   * declared argument must be one the schema names, when the schema names its properties.
   */
  private static Tool.Trust trust(YamlNode.Fields t, ArgumentsSchema schema)
      throws ConfigException {
    boolean trusted = t.has("trusted") && t.required("trusted").bool();
    if (!t.has("consequential_arguments")) {
      return new Tool.Trust(trusted, Optional.empty());
    }
    YamlNode node = t.required("consequential_arguments");
    List<String> names = node.strings();
    if (names.isEmpty()) {
      throw node.problem(
          "consequential_arguments names at least one argument (leave it out to mean every"
              + " argument)");
    }
    if (new LinkedHashSet<>(names).size() != names.size()) {
      throw node.problem("consequential_arguments names an argument twice");
    }
    if (schema.schema().get("properties") instanceof Map<?, ?> properties) {
      for (String name : names) {
        if (!properties.containsKey(name)) {
          throw node.problem("consequential argument '" + name + "' is not in the tool's schema");
        }
      }
    }
    return new Tool.Trust(trusted, Optional.of(names));
  }

  /** A reinstate window: a whole number of seconds, minutes, hours or days, such as 5m. */
  private static Duration window(YamlNode node) throws ConfigException {
    String text = node.string();
    java.util.regex.Matcher m = WINDOW.matcher(text);
    if (!m.matches()) {
      throw node.problem(
          "window must be a duration such as 30s, 5m, 2h or 1d, found '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    Duration window =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (window.compareTo(Duration.ofDays(30)) > 0) {
      throw node.problem("window must be at most 30 days");
    }
    return window;
  }

  /**
   * {@code mcp: {tool, listed_as}}: the upstream's name for the tool and, optionally, the name
   * agents see it by on {@code /mcp} (the Sallyport name by default).
   */
  private static Tool.McpTool mcpRequest(YamlNode item, YamlNode.Fields t, String name)
      throws ConfigException {
    if (!t.has("mcp")) {
      throw item.problem("a tool on an mcp connector needs 'mcp: {tool: UPSTREAM_NAME}'");
    }
    YamlNode.Fields m = t.required("mcp").fields(Set.of("tool", "listed_as"));
    YamlNode upstream = m.required("tool");
    String listedAs = optionalString(m, "listed_as", name);
    if (!MCP_NAME.matcher(upstream.nonBlankString()).matches()) {
      throw upstream.problem("an upstream tool name is 1 to 128 of A-Z a-z 0-9 _ - . /");
    }
    if (!MCP_NAME.matcher(listedAs).matches()) {
      throw m.required("listed_as").problem("listed_as is 1 to 128 of A-Z a-z 0-9 _ - . /");
    }
    return new Tool.McpTool(upstream.string(), listedAs);
  }

  /** {@code http: {method, path}}, required on a tool whose connector is HTTP. */
  private static Tool.Operation httpRequest(YamlNode item, YamlNode.Fields t)
      throws ConfigException {
    if (t.has("email")) {
      throw t.required("email").problem("'email' is for tools on an smtp connector");
    }
    if (!t.has("http")) {
      throw item.problem("a tool on an http connector needs 'http: {method, path}'");
    }
    return operation(t.required("http"));
  }

  /** {@code {method, path}}: one HTTP request of a tool. */
  private static Tool.Operation operation(YamlNode node) throws ConfigException {
    YamlNode.Fields http = node.fields(Set.of("method", "path"));
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
    return new Tool.Operation(method, path);
  }

  /**
   * {@code email: {to, subject, body}} naming the arguments (defaults {@code to}, {@code subject},
   * {@code body}), on a tool whose connector is SMTP. Each named argument must be a required string
   * of the tool's schema, so a message can never be sent without its recipient.
   */
  private static Tool.Email emailRequest(YamlNode item, YamlNode.Fields t, ArgumentsSchema schema)
      throws ConfigException {
    if (t.has("http")) {
      throw t.required("http").problem("'http' is for tools on an http connector");
    }
    Tool.Email email = Tool.Email.DEFAULT;
    YamlNode at = item;
    if (t.has("email")) {
      at = t.required("email");
      YamlNode.Fields e = at.fields(Set.of("to", "subject", "body"));
      email =
          new Tool.Email(
              optionalString(e, "to", "to"),
              optionalString(e, "subject", "subject"),
              optionalString(e, "body", "body"));
    }
    Map<String, Object> json = schema.schema();
    Object properties = json.get("properties");
    Object required = json.get("required");
    for (String argument :
        List.of(email.toArgument(), email.subjectArgument(), email.bodyArgument())) {
      boolean isString =
          properties instanceof Map<?, ?> props
              && props.get(argument) instanceof Map<?, ?> property
              && "string".equals(property.get("type"));
      boolean isRequired = required instanceof List<?> list && list.contains(argument);
      if (!isString || !isRequired) {
        throw at.problem(
            "an e-mail tool needs argument '"
                + argument
                + "' declared in 'arguments' as a required string");
      }
    }
    return email;
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

  /** A whole number of days, spelled {@code 7d}: a period of observation is counted in days. */
  private static Duration days(YamlNode node, String key, long min, long max)
      throws ConfigException {
    String text = node.string();
    if (!RETENTION.matcher(text).matches()) {
      throw node.problem(key + " must be a whole number of days such as 7d, found '" + text + "'");
    }
    long days = Long.parseLong(text.substring(0, text.length() - 1));
    if (days < min || days > max) {
      throw node.problem(key + " must be between " + min + "d and " + max + "d");
    }
    return Duration.ofDays(days);
  }

  /**
   * {@code guards: {untrusted_results: annotate|datamark|quarantine, consequential_write,
   * approvers}}; the approver groups are checked against {@code approver_groups} by the caller.
   */
  private static GuardSettings guards(Optional<YamlNode> node) throws ConfigException {
    if (node.isEmpty()) {
      return GuardSettings.DEFAULT;
    }
    YamlNode.Fields g =
        node.get().fields(Set.of("untrusted_results", "consequential_write", "approvers"));
    GuardSettings.UntrustedResults results = GuardSettings.DEFAULT.untrustedResults();
    if (g.has("untrusted_results")) {
      YamlNode r = g.required("untrusted_results");
      String name = r.string();
      results =
          java.util.Arrays.stream(GuardSettings.UntrustedResults.values())
              .filter(v -> v.configName().equals(name))
              .findFirst()
              .orElseThrow(
                  () -> r.problem("untrusted_results must be annotate, datamark or quarantine"));
    }
    boolean write = g.has("consequential_write") && g.required("consequential_write").bool();
    List<String> approvers = g.has("approvers") ? g.required("approvers").strings() : List.of();
    return new GuardSettings(results, write, approvers);
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

  static URI uri(YamlNode node) throws ConfigException {
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
