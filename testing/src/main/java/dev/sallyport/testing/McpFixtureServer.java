package dev.sallyport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A small MCP server over stdio for tests, a dependency-free Node script: {@code echo}, {@code
 * weather} (whose description is read from the file {@code FIXTURE_DESCRIPTION_FILE} names, so a
 * test can change its definition), {@code crash} (exits mid-call), {@code hang} (never answers) and
 * {@code env} (names its environment variables).
 */
public final class McpFixtureServer {
  private McpFixtureServer() {}

  /** Writes the script into {@code folder} and returns its path, for {@code command: [node, …]}. */
  public static Path script(Path folder) throws IOException {
    Path script = folder.resolve("mcp-fixture-server.mjs");
    try (InputStream in = McpFixtureServer.class.getResourceAsStream("mcp-fixture-server.mjs")) {
      if (in == null) {
        throw new IOException("the fixture script is missing from the testing jar");
      }
      Files.createDirectories(folder);
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  /**
   * The lines of a tenant's {@code connectors:} entry named {@code name} that starts the script,
   * reading the weather tool's description from {@code descriptionFile}.
   */
  public static String connector(String name, Path script, Path descriptionFile) {
    return "  "
        + name
        + ":\n"
        + "    type: mcp\n"
        + "    command: [node, \""
        + script
        + "\"]\n"
        + "    env: {FIXTURE_DESCRIPTION_FILE: \""
        + descriptionFile
        + "\"}\n"
        + "    timeout_ms: 3000\n";
  }

  /** The tools.yaml entries for the fixture's tools on connector {@code name}, all {@code read}. */
  public static String tools(String name) {
    StringBuilder out = new StringBuilder("\n");
    for (String tool : new String[] {"echo", "weather", "crash", "hang", "env"}) {
      out.append("  - name: ")
          .append(name)
          .append('.')
          .append(tool)
          .append("\n    connector: ")
          .append(name)
          .append("\n    effect: read\n    mcp: {tool: ")
          .append(tool)
          .append("}\n");
    }
    return out.toString();
  }
}
