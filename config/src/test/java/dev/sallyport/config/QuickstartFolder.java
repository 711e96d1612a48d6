package dev.sallyport.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sallyport.testing.ExampleDeployments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of {@code examples/quickstart} in a temporary folder, with one file rewritten per test.
 */
final class QuickstartFolder {
  static final String SALLYPORT = "sallyport.yaml";
  static final String TENANT = "tenants/acme/tenant.yaml";
  static final String TOOLS = "tenants/acme/tools.yaml";
  static final String PAYMENTS = "tenants/acme/policies/payments.yaml";
  static final String READS = "tenants/acme/policies/reads.yaml";

  /** Every file the loader reads from the quickstart, in a fixed order. */
  static final List<String> LOADED_FILES =
      List.of(
          SALLYPORT,
          TENANT,
          TOOLS,
          "tenants/acme/policies/directory.yaml",
          "tenants/acme/policies/email.yaml",
          PAYMENTS,
          READS);

  private final Path root;

  private QuickstartFolder(Path root) {
    this.root = root;
  }

  static QuickstartFolder copyTo(Path target) throws IOException {
    return new QuickstartFolder(ExampleDeployments.copy("quickstart", target));
  }

  Path root() {
    return root;
  }

  String read(String file) throws IOException {
    return Files.readString(root.resolve(file));
  }

  byte[] readBytes(String file) throws IOException {
    return Files.readAllBytes(root.resolve(file));
  }

  void write(String file, String text) throws IOException {
    write(file, text.getBytes(UTF_8));
  }

  void write(String file, byte[] bytes) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);
  }

  /** Replaces the first occurrence of {@code from}, which must be present, with {@code to}. */
  void replace(String file, String from, String to) throws IOException {
    String text = read(file);
    int at = text.indexOf(from);
    if (at < 0) {
      throw new IllegalArgumentException(file + " does not contain: " + from);
    }
    write(file, text.substring(0, at) + to + text.substring(at + from.length()));
  }

  void append(String file, String text) throws IOException {
    write(file, read(file) + text);
  }

  void delete(String file) throws IOException {
    Path path = root.resolve(file);
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } else {
      Files.delete(path);
    }
  }

  /** The 1-based line of the first occurrence of {@code text} in {@code file}. */
  int lineOf(String file, String text) throws IOException {
    List<String> lines = Files.readAllLines(root.resolve(file));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(file + " does not contain: " + text);
  }

  /** The 1-based line of the last occurrence of {@code text} in {@code file}. */
  int lastLineOf(String file, String text) throws IOException {
    List<String> lines = Files.readAllLines(root.resolve(file));
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(file + " does not contain: " + text);
  }
}
