package dev.sallyport.gateway.approval;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads a secret that the configuration names by reference (a file, or an environment variable of
 * the server), once, at start. Messages name the reference, never the value.
 */
public final class ConfiguredSecret {
  private ConfiguredSecret() {}

  /**
   * The secret's bytes, without a final line break (files written by {@code echo} end in one).
   *
   * @param environment the server's environment variables, passed in so that tests choose them
   * @throws IOException when the file cannot be read or the variable is unset or empty
   */
  public static byte[] read(SecretReference reference, Function<String, String> environment)
      throws IOException {
    byte[] bytes =
        switch (reference) {
          case SecretReference.File file -> {
            try {
              yield Files.readAllBytes(file.path());
            } catch (IOException e) {
              throw new IOException("cannot read the secret file " + file.path());
            }
          }
          case SecretReference.Environment variable -> {
            String value = environment.apply(variable.variable());
            if (value == null) {
              throw new IOException("the variable " + variable.variable() + " is not set");
            }
            yield value.getBytes(StandardCharsets.UTF_8);
          }
        };
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    byte[] secret = Arrays.copyOf(bytes, end);
    Arrays.fill(bytes, (byte) 0);
    if (secret.length == 0) {
      throw new IOException("the secret in " + describe(reference) + " is empty");
    }
    return secret;
  }

  /** Where the secret is, for messages. */
  public static String describe(SecretReference reference) {
    return switch (reference) {
      case SecretReference.File file -> "file " + file.path();
      case SecretReference.Environment variable -> "variable " + variable.variable();
    };
  }
}
