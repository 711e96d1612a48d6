package dev.sallyport.config;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.InvalidSecretReferenceException;
import dev.sallyport.secrets.SecretReference;
import dev.sallyport.secrets.SecretUnavailableException;
import dev.sallyport.secrets.TenantPaths;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one entry of {@code connectors:} in {@code tenant.yaml}. */
final class ConnectorSection {
  /** A header name: an RFC 9110 token. */
  private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  /**
   * Headers the connector sets itself, or that the HTTP client refuses: a credential never goes
   * there.
   */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "accept",
          "connection",
          "content-length",
          "content-type",
          "expect",
          "host",
          "transfer-encoding",
          "upgrade");

  private ConnectorSection() {}

  /**
   * @param tenant whose paths the connector's credential must be under
   * @param secrets the deployment's secret settings
   */
  static ConnectorSettings read(
      TenantId tenant, String name, YamlNode node, SecretsSettings secrets) throws ConfigException {
    YamlNode type =
        node.fields(
                Set.of(
                    "type",
                    "base_url",
                    "timeout_ms",
                    "host",
                    "port",
                    "from",
                    "security",
                    "credential",
                    "command",
                    "env",
                    "url"))
            .required("type");
    return switch (type.string()) {
      case "http" -> http(tenant, name, node, secrets);
      case "smtp" -> smtp(tenant, name, node, secrets);
      case "mcp" -> mcp(tenant, name, node, secrets);
      default ->
          throw type.problem(
              "unknown connector type '" + type.string() + "' (known: http, smtp, mcp)");
    };
  }

  /** An upstream MCP server: {@code command} (stdio) or {@code url} (Streamable HTTP). */
  private static ConnectorSettings mcp(
      TenantId tenant, String name, YamlNode node, SecretsSettings secrets) throws ConfigException {
    YamlNode.Fields c =
        node.fields(Set.of("type", "command", "env", "url", "timeout_ms", "credential"));
    if (c.has("command") == c.has("url")) {
      throw node.problem("an mcp connector needs exactly one of 'command' (stdio) and 'url'");
    }
    if (c.has("command")) {
      if (c.has("credential")) {
        throw c.required("credential")
            .problem("a stdio upstream gets no credential: it would live in its environment");
      }
      YamlNode commandNode = c.required("command");
      List<String> command = commandNode.strings();
      if (command.isEmpty() || command.get(0).isBlank()) {
        throw commandNode.problem("command is the program and its arguments, such as [node, x.js]");
      }
      Map<String, String> environment = new LinkedHashMap<>();
      if (c.has("env")) {
        YamlNode env = c.required("env");
        for (Map.Entry<String, YamlNode> e : env.entries().entrySet()) {
          if (!ENVIRONMENT_NAME.matcher(e.getKey()).matches() || e.getKey().equals("PATH")) {
            throw env.problem("env names are letters, digits and '_' (PATH is set by Sallyport)");
          }
          environment.put(e.getKey(), e.getValue().string());
        }
      }
      return new ConnectorSettings.Mcp(
          name,
          new ConnectorSettings.McpUpstream.Stdio(command, environment),
          timeout(c),
          Optional.empty());
    }
    URI uri = httpUrl(c.required("url"), "url");
    if (c.has("credential")) {
      // Refused rather than accepted and not sent: the MCP client does not lease credentials yet.
      throw c.required("credential")
          .problem(
              "an mcp connector takes no credential yet: an upstream that needs one cannot"
                  + " be used through Sallyport in this version");
    }
    return new ConnectorSettings.Mcp(
        name, new ConnectorSettings.McpUpstream.StreamableHttp(uri), timeout(c), Optional.empty());
  }

  private static URI httpUrl(YamlNode url, String key) throws ConfigException {
    URI uri;
    try {
      uri = new URI(url.nonBlankString());
    } catch (URISyntaxException e) {
      throw url.problem("expected an absolute URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw url.problem("expected an absolute URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw url.problem(key + " must be an http or https URL");
    }
    return uri;
  }

  private static ConnectorSettings http(
      TenantId tenant, String name, YamlNode node, SecretsSettings secrets) throws ConfigException {
    YamlNode.Fields c = node.fields(Set.of("type", "base_url", "timeout_ms", "credential"));
    URI uri = httpUrl(c.required("base_url"), "base_url");
    Optional<CredentialSettings> credential = Optional.empty();
    if (c.has("credential")) {
      credential = Optional.of(httpCredential(tenant, c.required("credential"), secrets));
    }
    return new ConnectorSettings.Http(name, uri, timeout(c), credential);
  }

  private static ConnectorSettings smtp(
      TenantId tenant, String name, YamlNode node, SecretsSettings secrets) throws ConfigException {
    YamlNode.Fields c =
        node.fields(Set.of("type", "host", "port", "from", "security", "timeout_ms", "credential"));
    YamlNode hostNode = c.required("host");
    String host = hostNode.nonBlankString();
    if (!host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]+\\]")) {
      throw hostNode.problem("host must be a host name or an IP address literal");
    }
    ConnectorSettings.Security security = ConnectorSettings.Security.STARTTLS;
    if (c.has("security")) {
      YamlNode s = c.required("security");
      security =
          switch (s.string()) {
            case "starttls" -> ConnectorSettings.Security.STARTTLS;
            case "tls" -> ConnectorSettings.Security.TLS;
            case "none" -> ConnectorSettings.Security.NONE;
            default -> throw s.problem("security must be starttls, tls or none");
          };
    }
    int port = security == ConnectorSettings.Security.TLS ? 465 : 587;
    if (c.has("port")) {
      YamlNode p = c.required("port");
      long value = p.integer();
      if (value < 1 || value > 65535) {
        throw p.problem("port must be between 1 and 65535");
      }
      port = (int) value;
    }
    YamlNode fromNode = c.required("from");
    String from = fromNode.nonBlankString().strip();
    int at = from.lastIndexOf('@');
    if (at < 1
        || at == from.length() - 1
        || from.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7f)
        || from.contains("<")
        || from.contains(">")) {
      throw fromNode.problem("from must be one plain e-mail address, such as billing@acme.example");
    }
    Optional<CredentialSettings> credential = Optional.empty();
    if (c.has("credential")) {
      YamlNode given = c.required("credential");
      if (security == ConnectorSettings.Security.NONE) {
        // SMTP AUTH over plain text would hand the password to anyone on the path.
        throw given.problem("an smtp credential needs security: starttls or tls");
      }
      YamlNode.Fields f = given.fields(Set.of("secret", "username"));
      if (!f.has("username")) {
        throw given.problem("an smtp credential needs 'username' beside 'secret'");
      }
      credential =
          Optional.of(
              new CredentialSettings(
                  secret(tenant, f.required("secret"), secrets),
                  new CredentialSettings.Login(username(f.required("username")))));
    }
    return new ConnectorSettings.Smtp(
        name, host.toLowerCase(Locale.ROOT), port, from, security, timeout(c), credential);
  }

  /**
   * {@code credential: REF} (a bearer token), or {@code {secret: REF}} with at most one of {@code
   * header: NAME} (the secret as that header's value) and {@code username: NAME} (HTTP Basic).
   */
  private static CredentialSettings httpCredential(
      TenantId tenant, YamlNode node, SecretsSettings secrets) throws ConfigException {
    if (!node.isMapping()) {
      return new CredentialSettings(secret(tenant, node, secrets), new CredentialSettings.Bearer());
    }
    YamlNode.Fields f = node.fields(Set.of("secret", "header", "username"));
    SecretReference secret = secret(tenant, f.required("secret"), secrets);
    if (f.has("header") && f.has("username")) {
      throw node.problem("a credential is sent either in 'header' or as 'username' (Basic)");
    }
    if (f.has("header")) {
      YamlNode header = f.required("header");
      String value = header.nonBlankString();
      if (!HEADER_NAME.matcher(value).matches()) {
        throw header.problem("header must be an HTTP header name, such as X-Api-Key");
      }
      if (RESERVED_HEADERS.contains(value.toLowerCase(Locale.ROOT))) {
        throw header.problem("the connector sets header '" + value + "' itself");
      }
      return new CredentialSettings(secret, new CredentialSettings.Header(value));
    }
    if (f.has("username")) {
      return new CredentialSettings(
          secret, new CredentialSettings.Login(username(f.required("username"))));
    }
    return new CredentialSettings(secret, new CredentialSettings.Bearer());
  }

  private static String username(YamlNode node) throws ConfigException {
    String value = node.nonBlankString();
    // A ':' would end an HTTP Basic user name early; control characters could split a header.
    if (value.length() > 256
        || value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == ':')) {
      throw node.problem("username must be up to 256 printable characters without ':'");
    }
    return value;
  }

  /**
   * A secret reference that parses, belongs to {@code tenant}, and names a store the deployment
   * has. Messages never echo the text: it might be a secret pasted where its reference belongs.
   */
  static SecretReference secret(TenantId tenant, YamlNode node, SecretsSettings secrets)
      throws ConfigException {
    SecretReference reference;
    try {
      reference = SecretReference.parse(node.nonBlankString());
    } catch (InvalidSecretReferenceException e) {
      throw node.problem(e.getMessage());
    }
    try {
      secrets.paths().checkOwnedBy(tenant, reference);
    } catch (SecretUnavailableException e) {
      throw node.problem(
          "the secret is not under tenant '"
              + tenant
              + "''s paths; "
              + switch (reference) {
                case SecretReference.InFile f ->
                    "files live in " + secrets.paths().fileFolder(tenant);
                case SecretReference.InEnvironment v ->
                    "variables are named " + TenantPaths.environmentPrefix(tenant) + "NAME";
                case SecretReference.VaultKv kv ->
                    "KV paths start with " + secrets.paths().vaultKvPrefix(tenant);
                case SecretReference.VaultDynamic d ->
                    "dynamic secrets start with " + secrets.paths().vaultDynamicPrefix(tenant);
              });
    }
    if (reference instanceof SecretReference.VaultDynamic d && d.field().isEmpty()) {
      throw node.problem("a connector's credential is one value: name the field with #field");
    }
    boolean inVault =
        reference instanceof SecretReference.VaultKv
            || reference instanceof SecretReference.VaultDynamic;
    if (inVault && secrets.vault().isEmpty()) {
      throw node.problem("a vault reference needs secrets.vault in sallyport.yaml");
    }
    return reference;
  }

  private static Duration timeout(YamlNode.Fields c) throws ConfigException {
    long timeout = 10_000;
    if (c.has("timeout_ms")) {
      timeout = c.required("timeout_ms").integer();
      if (timeout < 1 || timeout > 600_000) {
        throw c.required("timeout_ms").problem("timeout_ms must be between 1 and 600000");
      }
    }
    return Duration.ofMillis(timeout);
  }
}
