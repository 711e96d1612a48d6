package dev.sallyport.console;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values for state, nonce, PKCE verifiers, session ids and CSRF tokens. */
final class RandomTokens {
  private final SecureRandom random;

  RandomTokens(SecureRandom random) {
    this.random = requireNonNull(random, "random is null");
  }

  /** 32 random bytes, base64url without padding (43 characters). */
  String next() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Base64url SHA-256 of {@code value}: what is kept server-side of a value the browser holds. */
  static String sha256(String value) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Constant-time comparison, so that a guess learns nothing from timing. */
  static boolean same(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
