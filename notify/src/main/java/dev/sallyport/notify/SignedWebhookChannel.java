package dev.sallyport.notify;

import dev.sallyport.model.CanonicalJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook for the customer's own systems: the notice as canonical JSON, signed with
 * HMAC-SHA256 so the receiver can tell it came from this Sallyport and was not replayed later.
 *
 * <p>Headers: {@code Sallyport-Delivery: <delivery id>} (the same on every retry, for
 * de-duplication) and {@code Sallyport-Signature: t=<unix seconds>,v1=<hex>}, where {@code v1} is
 * HMAC-SHA256 over the ASCII bytes of {@code <t>.} followed by the body. Receivers should refuse a
 * {@code t} older than a few minutes.
 */
public final class SignedWebhookChannel implements NoticeChannel {
  private final WebhookPost post;
  private final byte[] secret;
  private final Clock clock;

  /**
   * @param secret the shared secret; copied, never logged
   */
  public SignedWebhookChannel(
      HttpClient client, URI url, Duration timeout, byte[] secret, Clock clock) {
    this.post = new WebhookPost(client, url, timeout, "webhook");
    if (secret.length < 16) {
      throw new IllegalArgumentException("webhook secret must be at least 16 bytes");
    }
    this.secret = secret.clone();
    this.clock = clock;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void send(ApprovalNotice notice) throws DeliveryException {
    byte[] body = body(notice);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    post.post(
        body,
        Map.of(
            "Sallyport-Delivery",
            notice.deliveryId(),
            "Sallyport-Signature",
            "t=" + timestamp + ",v1=" + signature(secret, timestamp, body)));
  }

  static byte[] body(ApprovalNotice notice) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "approval.requested");
    out.put("delivery_id", notice.deliveryId());
    out.put("tenant", notice.tenant().value());
    out.put("approval", notice.approvalId());
    out.put("agent", notice.agentId());
    out.put("tool", notice.tool());
    out.put("reason", notice.reason());
    out.put("args", notice.shownArguments());
    out.put("expires_at", notice.expiresAt().toString());
    out.put("recipient", notice.recipient());
    out.put("link", notice.link().toString());
    return CanonicalJson.bytes(out);
  }

  /** Hex HMAC-SHA256 of {@code timestamp + "." + body}: what receivers recompute. */
  public static String signature(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
