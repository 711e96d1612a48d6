package dev.sallyport.siem;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: {@code X-Sallyport-Signature: sha256=<hex HMAC-SHA256 of the body>}. The
 * secret is read once, here and only here ({@link #load}), and is never printed: not in messages,
 * not in {@link #toString()}.
 */
final class WebhookSignature {
  static final String HEADER = "X-Sallyport-Signature";

  /** Shorter keys are refused: HMAC is only as strong as its key. */
  static final int MIN_SECRET_BYTES = 16;

  private final SecretKeySpec key;

  private WebhookSignature(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /**
   * Reads the secret a configuration names.
   *
   * @param environment the server's environment variables (passed in, so tests choose them)
   * @throws SiemStartException naming the reference, never the value, when it is missing or short
   */
  static WebhookSignature load(SecretReference reference, Function<String, String> environment)
      throws SiemStartException {
    byte[] secret =
        switch (reference) {
          case SecretReference.File file -> {
            try {
              yield withoutFinalLineBreak(Files.readAllBytes(file.path()));
            } catch (IOException e) {
              throw new SiemStartException(
                  "cannot read the webhook secret file " + file.path() + ": " + e.getMessage());
            }
          }
          case SecretReference.Environment variable -> {
            String value = environment.apply(variable.variable());
            if (value == null) {
              throw new SiemStartException(
                  "the webhook secret variable " + variable.variable() + " is not set");
            }
            yield value.getBytes(StandardCharsets.UTF_8);
          }
        };
    try {
      if (secret.length < MIN_SECRET_BYTES) {
        throw new SiemStartException(
            "the webhook secret in "
                + describe(reference)
                + " is shorter than "
                + MIN_SECRET_BYTES
                + " bytes");
      }
      return new WebhookSignature(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The header value for {@code body}. */
  String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable in this JDK", e);
    }
  }

  private static String describe(SecretReference reference) {
    return switch (reference) {
      case SecretReference.File file -> "file " + file.path();
      case SecretReference.Environment variable -> "variable " + variable.variable();
    };
  }

  private static byte[] withoutFinalLineBreak(byte[] bytes) {
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    if (end == bytes.length) {
      return bytes;
    }
    byte[] trimmed = Arrays.copyOf(bytes, end);
    Arrays.fill(bytes, (byte) 0);
    return trimmed;
  }

  @Override
  public String toString() {
    return "WebhookSignature[HMAC-SHA256, secret not shown]";
  }
}
