package dev.sallyport.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Property: {@link YamlNode#parse} and the accessors the loader uses on its result either return or
 * throw {@link ConfigException}; nothing else, and never slowly. The walk reads every node as JSON
 * (what an {@code arguments} schema goes through) and as the declared mapping of a top-level file.
 *
 * <p>A real fuzzing run (findings are written as {@code crash-*} or {@code timeout-*} files into
 * the inputs folder, the generated corpus into {@code config/.cifuzz-corpus}):
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**,org.snakeyaml.**' ./mvnw -o -pl config test \
 *     -Dtest=YamlNodeFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 *
 * <p>{@code @Timeout} becomes libFuzzer's per-input {@code -timeout}; JUnit's own timeout must be
 * disabled while fuzzing because it would otherwise apply to the whole run (Jazzer issue #930).
 */
class YamlNodeFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parsesOrRefusesAnyBytes(byte[] input) {
    YamlNode root;
    try {
      root = YamlNode.parse(input, "fuzz.yaml");
    } catch (ConfigException expected) {
      return;
    }
    try {
      root.json();
    } catch (ConfigException expected) {
      // A value that is not JSON-shaped, reported with its position.
    }
    try {
      walk(root);
    } catch (ConfigException expected) {
      // A value of the wrong kind for the reader, reported with its position.
    }
  }

  /** Reads the node the way the loader does: as a mapping, a list or a scalar of some type. */
  private static void walk(YamlNode node) throws ConfigException {
    Map<String, YamlNode> entries;
    try {
      entries = node.entries();
    } catch (ConfigException notAMapping) {
      try {
        for (YamlNode item : node.list()) {
          scalar(item);
        }
      } catch (ConfigException notAList) {
        scalar(node);
      }
      return;
    }
    for (YamlNode value : entries.values()) {
      scalar(value);
    }
    node.fields(entries.keySet());
  }

  private static void scalar(YamlNode node) {
    try {
      node.nonBlankString();
    } catch (ConfigException expected) {
      // Not a string.
    }
    try {
      node.integer();
    } catch (ConfigException expected) {
      // Not an integer.
    }
    try {
      node.bool();
    } catch (ConfigException expected) {
      // Not a boolean.
    }
    node.describeValue();
  }
}
