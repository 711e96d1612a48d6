package dev.sallyport.gateway.guard;

import dev.sallyport.guards.screen.DatamarkDelimiter;
import dev.sallyport.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each session's datamark delimiter: HMAC-SHA256 of tenant and session under a key drawn at start
 * from {@link SecureRandom}. The same session gets the same delimiter for the life of the process,
 * every session a different one, and content cannot predict it (it never sees the key). Nothing is
 * stored; after a restart sessions get new delimiters, which only makes old ones useless.
 */
public final class SessionDelimiters {
  private final SecretKeySpec key;

  public SessionDelimiters(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** The delimiter of one session: 24 chars of base64url. */
  public DatamarkDelimiter of(TenantId tenant, String sessionId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest =
          mac.doFinal((tenant.value() + "\0" + sessionId).getBytes(StandardCharsets.UTF_8));
      return new DatamarkDelimiter(
          Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 24));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
