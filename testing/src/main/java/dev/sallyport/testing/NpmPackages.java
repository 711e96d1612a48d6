package dev.sallyport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Real programs from the npm registry for tests and benchmarks (MCP servers and clients, a browser
 * driver), installed at exact versions into a folder under {@code target/}, once: a later run finds
 * them there and installs nothing.
 */
public final class NpmPackages {
  /** Catches a hung npm; a first install of a few servers takes well under a minute here. */
  private static final long INSTALL_SECONDS = 300;

  private NpmPackages() {}

  /**
   * Installs {@code packages} (name to exact version) under {@code prefix} unless each is already
   * there at that version.
   *
   * @return the {@code node_modules} folder that holds them
   * @throws IOException when npm is missing or fails; the output of npm is in the message
   */
  public static Path install(Path prefix, Map<String, String> packages)
      throws IOException, InterruptedException {
    Path absolute = prefix.toAbsolutePath();
    Path modules = absolute.resolve("node_modules");
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> p : new TreeMap<>(packages).entrySet()) {
      if (!installed(modules.resolve(p.getKey()), p.getValue())) {
        missing.add(p.getKey() + "@" + p.getValue());
      }
    }
    if (missing.isEmpty()) {
      return modules;
    }
    Files.createDirectories(absolute);
    List<String> command =
        new ArrayList<>(
            List.of(
                "npm",
                "install",
                "--prefix",
                absolute.toString(),
                "--no-audit",
                "--no-fund",
                "--no-save"));
    // Every pinned package in one call: npm --no-save removes what a call does not name.
    for (Map.Entry<String, String> p : new TreeMap<>(packages).entrySet()) {
      command.add(p.getKey() + "@" + p.getValue());
    }
    Path log = Files.createTempFile("npm-install", ".log");
    try {
      Process npm =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!npm.waitFor(INSTALL_SECONDS, TimeUnit.SECONDS)) {
        npm.destroyForcibly();
        throw new IOException("npm install " + missing + " did not finish in time");
      }
      if (npm.exitValue() != 0) {
        throw new IOException(
            "npm install "
                + missing
                + " failed:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(log);
    }
    for (Map.Entry<String, String> p : packages.entrySet()) {
      if (!installed(modules.resolve(p.getKey()), p.getValue())) {
        throw new IOException(p.getKey() + "@" + p.getValue() + " is not in " + modules);
      }
    }
    return modules;
  }

  private static boolean installed(Path module, String version) throws IOException {
    Path manifest = module.resolve("package.json");
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    return Pattern.compile("\"version\"\\s*:\\s*\"" + Pattern.quote(version) + "\"")
        .matcher(Files.readString(manifest, StandardCharsets.UTF_8))
        .find();
  }
}
