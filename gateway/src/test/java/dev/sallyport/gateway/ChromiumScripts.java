package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js scripts under {@code browser/} that drive headless Chromium with Playwright.
 * {@code playwright-core} (no bundled browsers) is installed with npm into {@code
 * target/playwright} on first use and drives {@code /usr/bin/chromium}. A test that needs it is
 * skipped, saying why, when Chromium or Node.js is missing.
 */
final class ChromiumScripts {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String PLAYWRIGHT = "playwright-core@1.65.1";

  private final Path playwright;
  private final Path errors;

  private ChromiumScripts(Path playwright, Path errors) {
    this.playwright = playwright;
    this.errors = errors;
  }

  /**
   * Skips the calling test unless Chromium and Node.js are here; installs Playwright when missing.
   *
   * @param errors where the scripts' standard error goes, shown when one fails
   */
  static ChromiumScripts require(Path errors) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    assumeTrue(runs("node", "--version"), "Node.js (node) is not on the PATH");
    return new ChromiumScripts(playwrightCore(), errors);
  }

  /**
   * Runs {@code browser/<script>} with the Playwright folder, Chromium and {@code arguments}, and
   * returns the one JSON line it prints.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> run(String script, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(resource("browser/" + script).toString());
    command.add(playwright.toString());
    command.add(CHROMIUM.toString());
    command.addAll(List.of(arguments));
    Process node = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> {
          try (InputStream in = node.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
    if (!node.waitFor(90, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new AssertionError("the browser did not finish within 90 s");
    }
    assertThat(node.exitValue())
        .as("the Playwright script failed: %s", Files.readString(errors))
        .isZero();
    return new ObjectMapper().readValue(out.get(10, TimeUnit.SECONDS).strip(), Map.class);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ChromiumScripts.class.getResource(name).toURI());
  }

  /** {@code target/playwright/node_modules/playwright-core}, installed with npm when missing. */
  private static Path playwrightCore() throws Exception {
    Path prefix = Path.of("target", "playwright").toAbsolutePath();
    Path module = prefix.resolve("node_modules/playwright-core");
    if (!Files.isRegularFile(module.resolve("package.json"))) {
      Files.createDirectories(prefix);
      Process npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--prefix",
                  prefix.toString(),
                  "--no-audit",
                  "--no-fund",
                  "--no-save",
                  PLAYWRIGHT)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              // playwright-core downloads no browser; this keeps any install step from trying.
              .start();
      assertThat(npm.waitFor(120, TimeUnit.SECONDS)).as("npm install finished").isTrue();
      assertThat(npm.exitValue()).as("npm install " + PLAYWRIGHT).isZero();
    }
    return module;
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
