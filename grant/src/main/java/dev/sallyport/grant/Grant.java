package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The contents of one signed decision: the gatekeeper permits exactly this call, to exactly this
 * recipient, once, until {@code expiresAt}. A grant that exists is well formed; whether it is
 * authentic, current and unused is what {@link GrantVerifier} decides.
 *
 * @param version the packet format version; only {@value #VERSION} exists
 * @param keyId the key that signs the packet, in the tenant's {@link GrantKeyset}
 * @param tenant the tenant the call acts for
 * @param actionId the action every ledger event about this call refers to
 * @param tool the catalogue name of the tool
 * @param argumentsDigest lowercase hex SHA-256 of the RFC 8785 canonical arguments
 * @param recipient the normalised recipient, or {@link Recipient.None}
 * @param policyVersion the policy version that allowed the call
 * @param issuedAt when the gatekeeper signed, in whole seconds
 * @param expiresAt when the grant stops being valid, in whole seconds, after {@code issuedAt} and
 *     at most {@link #MAX_LIFETIME} later
 * @param nonce 128 random bits in unpadded base64url (22 characters), used once
 */
public record Grant(
    int version,
    String keyId,
    TenantId tenant,
    String actionId,
    String tool,
    String argumentsDigest,
    Recipient recipient,
    String policyVersion,
    Instant issuedAt,
    Instant expiresAt,
    String nonce) {
  /** The one packet format version this code reads and writes. */
  public static final int VERSION = 1;

  /** How long a grant may live at most; longer grants cannot be built, signed or verified. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(1);

  /** Number of random bytes in a nonce. */
  static final int NONCE_BYTES = 16;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{21}[AQgw]");

  public Grant {
    requireNonNull(keyId, "keyId is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(actionId, "actionId is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(argumentsDigest, "argumentsDigest is null");
    requireNonNull(recipient, "recipient is null");
    requireNonNull(policyVersion, "policyVersion is null");
    requireNonNull(issuedAt, "issuedAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(nonce, "nonce is null");
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported grant version");
    }
    checkKeyId(keyId);
    checkWireText(actionId, "action id");
    if (!Tool.isValidName(tool) || tool.length() > 128) {
      throw new IllegalArgumentException("tool name is not a valid catalogue name");
    }
    checkArgumentsDigest(argumentsDigest);
    checkWireText(policyVersion, "policy version");
    if (!issuedAt.truncatedTo(ChronoUnit.SECONDS).equals(issuedAt)
        || !expiresAt.truncatedTo(ChronoUnit.SECONDS).equals(expiresAt)) {
      throw new IllegalArgumentException("grant times are whole seconds");
    }
    if (issuedAt.getEpochSecond() < 0) {
      throw new IllegalArgumentException("issued-at is before 1970");
    }
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("grant expires before it is issued");
    }
    if (Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException("grant lives longer than " + MAX_LIFETIME);
    }
    if (!NONCE.matcher(nonce).matches()) {
      throw new IllegalArgumentException("nonce must be 16 bytes in unpadded base64url");
    }
  }

  /** Key ids are 1-64 characters of {@code A-Z a-z 0-9 _ -}, starting with a letter or digit. */
  static void checkKeyId(String keyId) {
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException(
          "key id must be 1-64 characters of A-Z a-z 0-9 _ -, starting with a letter or digit");
    }
  }

  static void checkArgumentsDigest(String digest) {
    if (!DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("arguments digest must be 64 lowercase hex digits");
    }
  }

  /**
   * Free-text fields travel in the JSON payload without escaping, so they are 1-128 printable ASCII
   * characters other than space, {@code "} and {@code \}.
   */
  static void checkWireText(String value, String name) {
    if (value.isEmpty() || value.length() > 128) {
      throw new IllegalArgumentException(name + " must be 1-128 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        throw new IllegalArgumentException(
            name + " must be printable ASCII without space, '\"' or '\\'");
      }
    }
  }

  /** Encodes 16 random bytes as a nonce. */
  static String encodeNonce(byte[] bytes) {
    if (bytes.length != NONCE_BYTES) {
      throw new IllegalArgumentException("a nonce is 16 bytes");
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    // No arguments or recipient: operator logs carry no payloads or PII.
    return "Grant[tenant="
        + tenant
        + ", action="
        + actionId
        + ", tool="
        + tool
        + ", key="
        + keyId
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
