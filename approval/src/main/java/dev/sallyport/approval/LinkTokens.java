package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes and checks one-time approval link tokens: {@code spa1.<payload>.<signature>}, where the
 * payload is the RFC 8785 canonical JSON of the {@link ApprovalLink} in base64url without padding
 * and the signature is the tenant's Ed25519 signature over the ASCII bytes {@code spa1.<payload>}.
 * Checking proves the link was made by this Sallyport for this tenant and has not expired; single
 * use is the store's job, because it needs shared state.
 */
public final class LinkTokens {
  /** The prefix and version of every token. */
  public static final String PREFIX = "spa1";

  /** Tokens longer than this are refused before any decoding. */
  public static final int MAX_LENGTH = 1_024;

  private static final Set<String> FIELDS = Set.of("tenant", "approval", "to", "exp", "nonce");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final ApprovalKeys keys;
  private final Clock clock;

  public LinkTokens(ApprovalKeys keys, Clock clock) {
    this.keys = requireNonNull(keys, "keys is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Signs {@code link} with its tenant's key. */
  public String issue(ApprovalLink link) {
    KeyPair pair =
        keys.of(link.tenant())
            .orElseThrow(() -> new IllegalStateException("the tenant has no approval key"));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("tenant", link.tenant().value());
    payload.put("approval", link.approvalId());
    payload.put("to", link.sentTo());
    payload.put("exp", link.expiresAt().getEpochSecond());
    payload.put("nonce", link.nonce());
    String signed =
        PREFIX
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(CanonicalJson.bytes(payload));
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an approval link", e);
    }
  }

  /**
   * Parses and checks a token.
   *
   * @throws LinkTokenException when the token is malformed, its tenant has no key, the signature
   *     does not verify or it has expired
   */
  public ApprovalLink verify(String token) throws LinkTokenException {
    Parsed parsed = parse(token);
    return check(parsed);
  }

  /**
   * Parses and checks a token opened by a person of {@code tenant}. A well-formed link of any other
   * tenant is empty, decided before any key is read: whether that tenant exists, has a key or made
   * the link, the answer is the same, and no key is ever looked up (or created) for a tenant named
   * by a link's sender.
   *
   * @throws LinkTokenException when the token is malformed, or names {@code tenant} and does not
   *     verify or has expired
   */
  public Optional<ApprovalLink> verify(String token, TenantId tenant) throws LinkTokenException {
    requireNonNull(tenant, "tenant is null");
    Parsed parsed = parse(token);
    if (!parsed.link().tenant().equals(tenant)) {
      return Optional.empty();
    }
    return Optional.of(check(parsed));
  }

  private record Parsed(ApprovalLink link, String signedPart, byte[] signature) {}

  private static Parsed parse(String token) throws LinkTokenException {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      throw new LinkTokenException("malformed link");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first < 0
        || second < 0
        || token.indexOf('.', second + 1) >= 0
        || !token.substring(0, first).equals(PREFIX)) {
      throw new LinkTokenException("malformed link");
    }
    byte[] payloadBytes = decode(token.substring(first + 1, second));
    byte[] signature = decode(token.substring(second + 1));
    return new Parsed(parsePayload(payloadBytes), token.substring(0, second), signature);
  }

  private ApprovalLink check(Parsed parsed) throws LinkTokenException {
    ApprovalLink link = parsed.link();
    KeyPair pair =
        keys.of(link.tenant()).orElseThrow(() -> new LinkTokenException("link does not verify"));
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(pair.getPublic());
      verifier.update(parsed.signedPart().getBytes(StandardCharsets.US_ASCII));
      valid = verifier.verify(parsed.signature());
    } catch (GeneralSecurityException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw new LinkTokenException("link does not verify");
    }
    if (!clock.instant().isBefore(link.expiresAt())) {
      throw new LinkTokenException("link has expired");
    }
    return link;
  }

  private static byte[] decode(String part) throws LinkTokenException {
    // Base64url without padding only: one encoding per token, so a token cannot be re-encoded into
    // a second valid spelling.
    if (part.isEmpty() || part.indexOf('=') >= 0) {
      throw new LinkTokenException("malformed link");
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(part);
      if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
        throw new LinkTokenException("malformed link");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new LinkTokenException("malformed link");
    }
  }

  private static ApprovalLink parsePayload(byte[] bytes) throws LinkTokenException {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new LinkTokenException("malformed link");
    } catch (java.io.IOException e) {
      throw new LinkTokenException("malformed link");
    }
    if (node == null || !node.isObject() || node.size() != FIELDS.size()) {
      throw new LinkTokenException("malformed link");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      if (!FIELDS.contains(names.next())) {
        throw new LinkTokenException("malformed link");
      }
    }
    Optional<String> tenant = text(node, "tenant");
    Optional<String> approval = text(node, "approval");
    Optional<String> to = text(node, "to");
    Optional<String> nonce = text(node, "nonce");
    JsonNode exp = node.get("exp");
    if (tenant.isEmpty()
        || approval.isEmpty()
        || to.isEmpty()
        || nonce.isEmpty()
        || !exp.isIntegralNumber()
        || !exp.canConvertToLong()) {
      throw new LinkTokenException("malformed link");
    }
    try {
      return new ApprovalLink(
          TenantId.of(tenant.get()),
          approval.get(),
          to.get(),
          Instant.ofEpochSecond(exp.longValue()),
          nonce.get());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new LinkTokenException("malformed link");
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.textValue().isEmpty()
        ? Optional.of(value.textValue())
        : Optional.empty();
  }
}
