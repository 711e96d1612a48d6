package dev.sallyport.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever bytes one file of a deployment holds, {@link DeploymentLoader#load} returns a
 * deployment or throws {@link ConfigException}, and it does so promptly. Any other exception or
 * error (a stack overflow, an out-of-memory, an {@code IllegalArgumentException}) is a finding.
 *
 * <p>An input is a header line and a payload. The header names the file to change, one of {@link
 * QuickstartFolder#LOADED_FILES}; any other header picks one by its hash. {@code FILE} alone
 * replaces the file with the payload; {@code FILE@N} overwrites the original from byte {@code N}
 * with the payload, so that small inputs make small changes to a valid file. Seeds are in {@code
 * src/test/resources/dev/sallyport/config/DeploymentLoaderFuzzTestInputs/}.
 *
 * <p>A real fuzzing run (findings are written as {@code crash-*} or {@code timeout-*} files into
 * the inputs folder, the generated corpus into {@code config/.cifuzz-corpus}):
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENT='dev.sallyport.**,org.snakeyaml.**' ./mvnw -o -pl config test \
 *     -Dtest=DeploymentLoaderFuzzTest -Djazzer.max_duration=10m -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 *
 * <p>{@code @Timeout} becomes libFuzzer's per-input {@code -timeout}; JUnit's own timeout must be
 * disabled while fuzzing because it would otherwise apply to the whole run (Jazzer issue #930).
 */
class DeploymentLoaderFuzzTest {
  @TempDir static Path folder;

  private static QuickstartFolder quickstart;
  private static final Map<String, byte[]> ORIGINALS = new LinkedHashMap<>();
  private static DeploymentLoader loader;

  @BeforeAll
  static void copyQuickstartOnce() throws IOException {
    quickstart = QuickstartFolder.copyTo(folder);
    for (String file : QuickstartFolder.LOADED_FILES) {
      ORIGINALS.put(file, quickstart.readBytes(file));
    }
    loader = new DeploymentLoader(new ConditionCompiler());
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void loadsOrRefusesWhateverOneFileHolds(byte[] input) throws IOException {
    Change change = Change.decode(input);
    quickstart.write(change.file(), change.bytes());
    try {
      loader.load(quickstart.root());
    } catch (ConfigException expected) {
      // The one declared way to refuse a deployment.
    } finally {
      quickstart.write(change.file(), ORIGINALS.get(change.file()));
    }
  }

  /** One file of the deployment and its new content. */
  private static final class Change {
    private final String file;
    private final byte[] bytes;

    private Change(String file, byte[] bytes) {
      this.file = file;
      this.bytes = bytes;
    }

    String file() {
      return file;
    }

    byte[] bytes() {
      return bytes;
    }

    static Change decode(byte[] input) {
      int newline = indexOf(input, (byte) '\n');
      String header = new String(input, 0, Math.max(newline, 0), UTF_8);
      byte[] payload = newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length);
      int at = header.lastIndexOf('@');
      String name = at < 0 ? header : header.substring(0, at);
      String file =
          ORIGINALS.containsKey(name)
              ? name
              : QuickstartFolder.LOADED_FILES.get(
                  Math.floorMod(name.hashCode(), QuickstartFolder.LOADED_FILES.size()));
      if (at < 0) {
        return new Change(file, payload);
      }
      byte[] original = ORIGINALS.get(file);
      int offset = Math.min(parseOffset(header.substring(at + 1)), original.length);
      byte[] changed = Arrays.copyOf(original, Math.max(original.length, offset + payload.length));
      System.arraycopy(payload, 0, changed, offset, payload.length);
      return new Change(file, changed);
    }

    private static int parseOffset(String text) {
      try {
        return Math.max(0, Integer.parseInt(text.strip()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    private static int indexOf(byte[] bytes, byte b) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == b) {
          return i;
        }
      }
      return -1;
    }
  }
}
