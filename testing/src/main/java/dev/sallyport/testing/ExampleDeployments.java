package dev.sallyport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the repository's example deployments into a test's temporary folder. */
public final class ExampleDeployments {
  private ExampleDeployments() {}

  /** The repository root, found from a module folder (the working directory of tests). */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples/quickstart"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find examples/quickstart above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** Copies {@code examples/NAME} to {@code target} (without any keys folder) and returns it. */
  public static Path copy(String name, Path target) throws IOException {
    Path source = repositoryRoot().resolve("examples").resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path relative = source.relativize(file);
        if (relative.startsWith("keys")) {
          continue;
        }
        Path to = target.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    return target;
  }

  /** Replaces every occurrence of {@code from} with {@code to} in one file of a deployment. */
  public static void edit(Path deployment, String file, String from, String to) throws IOException {
    Path path = deployment.resolve(file);
    String text = Files.readString(path);
    if (!text.contains(from)) {
      throw new IllegalArgumentException(file + " does not contain: " + from);
    }
    Files.writeString(path, text.replace(from, to));
  }
}
