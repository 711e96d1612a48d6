package dev.sallyport.config;

import static dev.sallyport.config.QuickstartFolder.PAYMENTS;
import static dev.sallyport.config.QuickstartFolder.READS;
import static dev.sallyport.config.QuickstartFolder.SALLYPORT;
import static dev.sallyport.config.QuickstartFolder.TENANT;
import static dev.sallyport.config.QuickstartFolder.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each malformation of a deployment folder stops the load with a {@link ConfigException} whose
 * message names the file, the line and the problem. Every test starts from a fresh copy of {@code
 * examples/quickstart} and breaks one thing in it.
 */
class DeploymentLoaderTest {
  private static DeploymentLoader loader;

  @TempDir Path folder;
  private QuickstartFolder quickstart;

  @BeforeAll
  static void compileOnce() {
    loader = new DeploymentLoader(new ConditionCompiler());
  }

  @BeforeEach
  void copyQuickstart() throws IOException {
    quickstart = QuickstartFolder.copyTo(folder);
  }

  @Test
  void loadsTheUnchangedQuickstart() throws ConfigException {
    Deployment deployment = loader.load(quickstart.root());

    assertThat(deployment.tenants()).containsOnlyKeys(TenantId.of("acme"));
    assertThat(deployment.tenant(TenantId.of("acme")).orElseThrow().policy().tools())
        .containsKeys("payments.pay_supplier", "directory.disable_user");
  }

  @Test
  void refusesAnUnknownKeyNamingFileLineAndKey() throws IOException {
    quickstart.replace(TENANT, "    timeout_ms: 5000\n", "    timeout_ms: 5000\n    retries: 3\n");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "retries: 3"))
        .hasMessageContaining(
            "unknown key 'retries' (allowed: base_url, command, credential, env, from, host, port,"
                + " security, timeout_ms, type, url)");
  }

  @Test
  void refusesAnUnknownTopLevelKey() throws IOException {
    quickstart.append(SALLYPORT, "telemetry: on\n");

    assertRefused(SALLYPORT, quickstart.lineOf(SALLYPORT, "telemetry"))
        .hasMessageContaining(
            "unknown key 'telemetry' (allowed: console, executor, identity, ingress, ledger, mcp,"
                + " secrets, server, siem, tenants)");
  }

  @Test
  void refusesAConditionThatDoesNotTypeCheck() throws IOException {
    quickstart.replace(PAYMENTS, "when: args.amount > 5000", "when: amount > 5000");

    assertRefused(PAYMENTS, quickstart.lineOf(PAYMENTS, "when: amount > 5000"))
        .hasMessageContaining("condition does not compile")
        .hasMessageContaining("undeclared reference to 'amount'");
  }

  @Test
  void refusesAConditionComparingATimestampWithANumber() throws IOException {
    quickstart.replace(PAYMENTS, "when: args.amount > 5000", "when: request.time > 5000");

    assertRefused(PAYMENTS, quickstart.lineOf(PAYMENTS, "request.time > 5000"))
        .hasMessageContaining("condition does not compile")
        .hasMessageContaining("no matching overload");
  }

  @Test
  void refusesAConditionThatIsNotABoolean() throws IOException {
    quickstart.replace(PAYMENTS, "when: args.amount > 5000", "when: args.amount + 1");

    assertRefused(PAYMENTS, quickstart.lineOf(PAYMENTS, "args.amount + 1"))
        .hasMessageContaining("condition does not compile");
  }

  @Test
  void refusesAConditionWithASyntaxError() throws IOException {
    quickstart.replace(PAYMENTS, "when: args.amount > 5000", "when: args.amount > > 5000");

    assertRefused(PAYMENTS, quickstart.lineOf(PAYMENTS, "args.amount > > 5000"))
        .hasMessageContaining("condition does not compile")
        .hasMessageContaining("extraneous input '>'")
        .hasMessageContaining("(at column 15)");
  }

  @Test
  void refusesARoleGrantNamingAnUnknownTool() throws IOException {
    quickstart.replace(TENANT, "tools: [directory.*]", "tools: [directory.*, hr.fire_everyone]");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "hr.fire_everyone"))
        .hasMessageContaining("'hr.fire_everyone' names no tool in the catalogue");
  }

  @Test
  void refusesARoleGrantWithAWildcardMatchingNoTool() throws IOException {
    quickstart.replace(TENANT, "tools: [directory.*]", "tools: [hr.*]");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "tools: [hr.*]"))
        .hasMessageContaining("'hr.*' names no tool in the catalogue");
  }

  @Test
  void refusesARuleNamingAnUnknownTool() throws IOException {
    quickstart.replace(READS, "directory.list_users]", "directory.list_users, invoices.delete]");

    assertRefused(READS, quickstart.lineOf(READS, "invoices.delete"))
        .hasMessageContaining("'invoices.delete' names no tool in the catalogue");
  }

  @Test
  void refusesAToolWithoutAnEffectClass() throws IOException {
    quickstart.replace(TOOLS, "    effect: read\n", "");

    assertRefused(TOOLS, quickstart.lineOf(TOOLS, "name: invoices.list"))
        .hasMessageContaining(
            "tool 'invoices.list' has no effect class"
                + " (one of read, write, destructive, external_send, spend)");
  }

  @Test
  void refusesAnUnknownEffectClass() throws IOException {
    quickstart.replace(TOOLS, "effect: destructive", "effect: dangerous");

    assertRefused(TOOLS, quickstart.lineOf(TOOLS, "effect: dangerous"))
        .hasMessageContaining("unknown effect class 'dangerous'");
  }

  @Test
  void refusesAnEffectClassThatIsNotAString() throws IOException {
    quickstart.replace(TOOLS, "effect: destructive", "effect: [destructive]");

    assertRefused(TOOLS, quickstart.lineOf(TOOLS, "effect: [destructive]"))
        .hasMessageContaining("expected a string, found a list");
  }

  @Test
  void refusesAToolOfAnUnknownConnector() throws IOException {
    quickstart.replace(TOOLS, "connector: crm", "connector: salesforce");

    assertRefused(TOOLS, quickstart.lineOf(TOOLS, "connector: salesforce"))
        .hasMessageContaining("unknown connector 'salesforce'");
  }

  @Test
  void refusesAnUnknownConnectorType() throws IOException {
    quickstart.replace(
        TENANT,
        "    type: http\n    base_url: http://127.0.0.1:9801/mail",
        "    type: ftp\n    base_url: http://127.0.0.1:9801/mail");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "type: ftp"))
        .hasMessageContaining("unknown connector type 'ftp' (known: http, smtp, mcp)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "neither command nor url | type: mcp                                                  | exactly one of 'command' (stdio) and 'url'",
        "both                    | type: mcp\\n    command: [node]\\n    url: http://127.0.0.1:1/mcp | exactly one of 'command' (stdio) and 'url'",
        "credential on stdio     | type: mcp\\n    command: [node]\\n    credential: env:SALLYPORT_ACME_X | a stdio upstream gets no credential",
        "credential on url       | type: mcp\\n    url: http://127.0.0.1:1/mcp\\n    credential: env:SALLYPORT_ACME_X | takes no credential yet",
        "PATH in env             | type: mcp\\n    command: [node]\\n    env: {PATH: /tmp}           | PATH is set by Sallyport",
        "empty command           | type: mcp\\n    command: []                                   | command is the program and its arguments",
        "ftp url                 | type: mcp\\n    url: ftp://x/mcp                               | url must be an http or https URL",
      })
  void refusesAnMcpConnectorThatCannotBeStartedSafely(String name, String yaml, String message)
      throws IOException {
    quickstart.replace(
        TENANT,
        "  mail:\n    type: http\n    base_url: http://127.0.0.1:9801/mail",
        "  mail:\n    " + yaml.strip().replace("\\n", "\n"));
    assertThat(refusal()).hasMessageContaining(message);
  }

  @Test
  void refusesAnMcpToolWithoutItsUpstreamNameOrUnderATakenName() throws IOException {
    quickstart.replace(
        TENANT, "connectors:\n", "connectors:\n  up:\n    type: mcp\n    command: [node, x.mjs]\n");
    quickstart.append(
        TOOLS,
        "  - name: up.echo\n    connector: up\n    effect: read\n    http: {method: GET, path: /}\n");
    assertThat(refusal()).hasMessageContaining("a tool on an mcp connector has 'mcp: {tool}' only");

    quickstart.replace(
        TOOLS,
        "    http: {method: GET, path: /}\n",
        "    mcp: {tool: echo, listed_as: invoices.list}\n");
    assertThat(refusal())
        .hasMessageContaining("would be listed on /mcp as 'invoices.list', which is taken");

    quickstart.replace(
        TOOLS, "    mcp: {tool: echo, listed_as: invoices.list}\n", "    mcp: {tool: echo}\n");
    Deployment loaded = loadOrFail();
    assertThat(loaded.tenant(TenantId.of("acme")).orElseThrow().policy().tools())
        .containsKeys("up.echo", "up.read_resource", "up.get_prompt");
  }

  private Deployment loadOrFail() {
    try {
      return loader.load(quickstart.root());
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void refusesAnAgentWithAnUnknownRole() throws IOException {
    quickstart.replace(TENANT, "roles: [analyst]", "roles: [accountant]");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "roles: [accountant]"))
        .hasMessageContaining("unknown role 'accountant'");
  }

  @Test
  void refusesAGroupMappedToAnUnknownRole() throws IOException {
    quickstart.replace(TENANT, "it-admins: [it-approver]", "it-admins: [it-root]");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "it-admins: [it-root]"))
        .hasMessageContaining("unknown role 'it-root'");
  }

  @Test
  void refusesARuleNamingAnUnknownApproverGroup() throws IOException {
    quickstart.replace(PAYMENTS, "approvers: [finance-approvers]", "approvers: [treasury]");

    assertRefused(PAYMENTS, quickstart.lineOf(PAYMENTS, "approvers: [treasury]"))
        .hasMessageContaining("unknown approver group 'treasury'");
  }

  @Test
  void refusesApproversOnARuleThatDoesNotRequireApproval() throws IOException {
    quickstart.replace(
        READS, "    reason: Reading", "    approvers: [finance-approvers]\n    reason: Reading");

    assertRefused(READS, quickstart.lineOf(READS, "approvers: [finance-approvers]"))
        .hasMessageContaining("'approvers' is only allowed on require_approval rules");
  }

  @Test
  void refusesARuleIdUsedTwiceAcrossFiles() throws IOException {
    // Policy files load in name order: email.yaml before reads.yaml.
    quickstart.replace(
        "tenants/acme/policies/email.yaml", "id: permit-customer-email", "id: permit-reads");

    assertRefused(READS, quickstart.lineOf(READS, "id: permit-reads"))
        .hasMessageContaining("rule id 'permit-reads' is used twice");
  }

  @Test
  void refusesARuleIdUsedTwiceInOneFile() throws IOException {
    quickstart.replace(PAYMENTS, "id: payment-over-limit", "id: permit-supplier-payments");

    assertRefused(PAYMENTS, quickstart.lastLineOf(PAYMENTS, "id: permit-supplier-payments"))
        .hasMessageContaining("rule id 'permit-supplier-payments' is used twice");
  }

  @Test
  void refusesADuplicateYamlKey() throws IOException {
    quickstart.replace(TENANT, "mode: enforce\n", "mode: enforce\nmode: dry_run\n");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "mode: dry_run"))
        .hasMessageContaining("duplicate key 'mode'");
  }

  @Test
  void refusesADuplicateKeyInANestedMapping() throws IOException {
    quickstart.replace(
        TENANT, "    timeout_ms: 5000\n", "    timeout_ms: 5000\n    timeout_ms: 50\n");

    assertRefused(TENANT, quickstart.lastLineOf(TENANT, "timeout_ms:"))
        .hasMessageContaining("duplicate key 'timeout_ms'");
  }

  @Test
  void refusesAFolderWithoutSallyportYaml() throws IOException {
    quickstart.delete(SALLYPORT);

    ConfigException e = refusal();
    assertThat(e.file()).isEqualTo(SALLYPORT);
    assertThat(e).hasMessage("sallyport.yaml:0:0: missing file");
  }

  @Test
  void refusesATenantWithoutAPoliciesFolder() throws IOException {
    quickstart.delete("tenants/acme/policies");

    assertThat(refusal())
        .hasMessage(
            "tenants/acme/policies:0:0: missing folder: every tenant needs at least one policy file");
  }

  @Test
  void refusesAPoliciesFolderWithoutYamlFiles() throws IOException {
    for (String file : QuickstartFolder.LOADED_FILES) {
      if (file.startsWith("tenants/acme/policies/")) {
        quickstart.delete(file);
      }
    }
    quickstart.write("tenants/acme/policies/notes.txt", "rules live in .yaml files");

    assertThat(refusal()).hasMessage("tenants/acme/policies:0:0: no .yaml policy files");
  }

  @Test
  void refusesATenantFolderThatSallyportYamlDoesNotList() throws IOException {
    Files.createDirectories(quickstart.root().resolve("tenants/globex"));

    assertThat(refusal())
        .hasMessage("tenants/globex:0:0: folder of a tenant that sallyport.yaml does not list");
  }

  @Test
  void refusesATenantListedButWithoutAFolder() throws IOException {
    quickstart.replace(SALLYPORT, "  - acme", "  - acme\n  - globex");

    assertThat(refusal()).hasMessage("tenants/globex/tenant.yaml:0:0: missing file");
  }

  @Test
  void refusesAStrayExtraYamlDocument() throws IOException {
    quickstart.append(READS, "---\nrules: []\n");

    assertRefused(READS, quickstart.lineOf(READS, "rules: []"))
        .hasMessageContaining("only one YAML document is allowed per file");
  }

  @Test
  void refusesAnArgumentsSchemaUsingAnUnsupportedKeyword() throws IOException {
    addArgumentsToListUsers("{type: object, properties: {team: {type: string, pattern: '^t-'}}}");

    assertRefused(TOOLS, quickstart.lineOf(TOOLS, "pattern"))
        .hasMessageContaining("unsupported schema keyword 'properties.team.pattern'");
  }

  @Test
  void refusesAnArgumentsSchemaThatIsNotAnObjectSchema() throws IOException {
    addArgumentsToListUsers("{type: array}");

    assertRefused(TOOLS, quickstart.lineOf(TOOLS, "{type: array}"))
        .hasMessageContaining("the arguments schema must have type: object");
  }

  @Test
  void refusesAnArgumentsSchemaWithANonFiniteNumber() throws IOException {
    addArgumentsToListUsers("{type: object, properties: {n: {type: number, maximum: .inf}}}");

    assertRefused(TOOLS, quickstart.lineOf(TOOLS, ".inf"))
        .hasMessageContaining("expected a finite number, found '.inf'");
  }

  @Test
  void refusesAPortOutOfRange() throws IOException {
    quickstart.replace(SALLYPORT, "port: 8080", "port: 65536");

    assertRefused(SALLYPORT, quickstart.lineOf(SALLYPORT, "port: 65536"))
        .hasMessageContaining("port must be between 0 and 65535");
  }

  @Test
  void refusesAnIntegerBeyond64Bits() throws IOException {
    quickstart.replace(SALLYPORT, "port: 8080", "port: 99999999999999999999");

    assertRefused(SALLYPORT, quickstart.lineOf(SALLYPORT, "port: 9999"))
        .hasMessageContaining("integer out of range");
  }

  @Test
  void refusesTabIndentation() throws IOException {
    quickstart.replace(TENANT, "  erp:\n", "\terp:\n");

    assertRefused(TENANT, quickstart.lineOf(TENANT, "\terp:")).hasMessageContaining("invalid YAML");
  }

  @Test
  void refusesAFileThatIsNotUtf8() throws IOException {
    byte[] bytes = quickstart.readBytes(READS);
    bytes[bytes.length - 3] = (byte) 0xFF;
    quickstart.write(READS, bytes);

    assertThat(refusal()).hasMessage(READS + ":1:1: file is not valid UTF-8");
  }

  @Test
  void refusesAFileLargerThan1MiB() throws IOException {
    quickstart.append(READS, "#" + "x".repeat(YamlNode.MAX_FILE_BYTES) + "\n");

    assertThat(refusal()).hasMessage(READS + ":1:1: file is larger than 1 MiB");
  }

  @Test
  void refusesAnEmptyFile() throws IOException {
    quickstart.write(TOOLS, "# nothing here\n");

    assertThat(refusal()).hasMessage(TOOLS + ":1:1: file is empty");
  }

  @Test
  void refusesAnAliasBombBeforeExpandingIt() throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    String previous = "a";
    for (String name : new String[] {"b", "c", "d", "e", "f", "g", "h", "i"}) {
      bomb.append(name).append(": &").append(name).append(" [");
      bomb.append(String.join(", ", Collections.nCopies(9, "*" + previous)));
      bomb.append("]\n");
      previous = name;
    }
    quickstart.write(TENANT, bomb.toString());

    assertThat(refusal())
        .hasMessage(TENANT + ":1:4: anchors (&) and aliases (*) are not allowed in configuration");
  }

  @Test
  void refusesAStringWhereAListIsExpected() throws IOException {
    quickstart.replace(SALLYPORT, "tenants:\n  - acme", "tenants: acme");

    assertRefused(SALLYPORT, quickstart.lineOf(SALLYPORT, "tenants: acme"))
        .hasMessageContaining("'tenants': expected a list, found a string");
  }

  @Test
  void refusesAnInvalidTenantId() throws IOException {
    quickstart.replace(SALLYPORT, "  - acme", "  - ../acme");

    assertRefused(SALLYPORT, quickstart.lineOf(SALLYPORT, "../acme"))
        .hasMessageContaining("tenant id must be 1-63 lowercase letters");
  }

  /** Gives {@code directory.list_users}, which has no schema, a one-line arguments schema. */
  private void addArgumentsToListUsers(String schema) throws IOException {
    quickstart.replace(
        TOOLS,
        "    http: {method: GET, path: /users}\n",
        "    http: {method: GET, path: /users}\n    arguments: " + schema + "\n");
  }

  private ConfigException refusal() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader.load(quickstart.root()));
    assertThat(e).as("the load must fail with a ConfigException").isNotNull();
    return e;
  }

  /** Asserts that the load fails at {@code file:line}; returns an assertion on the message. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String file, int line) {
    ConfigException e = refusal();
    assertThat(e.file()).as("file of: %s", e.getMessage()).isEqualTo(file);
    assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
    return assertThat(e).hasMessageStartingWith(file + ":" + line + ":");
  }

  @Test
  void refusesAJwksFilePathTheFileSystemCannotHold() throws IOException {
    quickstart.replace(SALLYPORT, "jwks_file: keys/jwks.json", "jwks_file: \"keys/\\0jwks.json\"");

    assertRefused(SALLYPORT, quickstart.lineOf(SALLYPORT, "jwks_file:"))
        .hasMessageContaining("not a valid file path");
  }
}
