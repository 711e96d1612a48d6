package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Vault or OpenBao.
 *
 * @param address {@code https://vault.example:8200}; plain {@code http} only to a loopback literal
 *     ({@code 127.0.0.1}, {@code [::1]}), never to a name, because the token travels in every
 *     request. No path, query, fragment or user info.
 * @param namespace the {@code X-Vault-Namespace} header (Vault Enterprise, OpenBao), or empty; may
 *     contain {@code {tenant}} to give each tenant its own namespace
 * @param timeout for connecting and for the whole answer, at most one minute
 * @param maxResponseBytes a longer answer is refused, 1 KiB to 1 MiB
 */
public record VaultSettings(
    URI address, Optional<String> namespace, Duration timeout, int maxResponseBytes) {
  /** 5 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** 64 KiB: a KV secret or a set of database credentials is far smaller. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  private static final Pattern LOOPBACK_V4 =
      Pattern.compile("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?");

  public VaultSettings {
    requireNonNull(address, "address is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(timeout, "timeout is null");
    checkAddress(address);
    namespace.ifPresent(VaultSettings::checkNamespace);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "the Vault timeout must be above zero and at most 1 minute");
    }
    if (maxResponseBytes < 1024 || maxResponseBytes > (1 << 20)) {
      throw new IllegalArgumentException("maxResponseBytes must be between 1 KiB and 1 MiB");
    }
  }

  /** No namespace, {@link #DEFAULT_TIMEOUT}, {@link #DEFAULT_MAX_RESPONSE_BYTES}. */
  public static VaultSettings of(URI address) {
    return new VaultSettings(
        address, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
  }

  public VaultSettings withNamespace(String template) {
    return new VaultSettings(address, Optional.of(template), timeout, maxResponseBytes);
  }

  public VaultSettings withTimeout(Duration value) {
    return new VaultSettings(address, namespace, value, maxResponseBytes);
  }

  public VaultSettings withMaxResponseBytes(int value) {
    return new VaultSettings(address, namespace, timeout, value);
  }

  /** The namespace header for {@code tenant}'s requests, if any. */
  public Optional<String> namespaceFor(TenantId tenant) {
    return namespace.map(template -> template.replace(TenantPaths.TENANT, tenant.value()));
  }

  /** {@code address}/v1/{@code apiPath}; the grammar has already limited the path's characters. */
  URI endpoint(String apiPath) {
    String base = address.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/v1/" + apiPath);
  }

  private static void checkAddress(URI address) {
    String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
    String host = address.getHost();
    if (host == null || !address.isAbsolute() || address.isOpaque()) {
      throw new IllegalArgumentException("the Vault address must be an absolute http(s) URL");
    }
    if (address.getRawUserInfo() != null
        || address.getRawQuery() != null
        || address.getRawFragment() != null
        || !(address.getRawPath() == null
            || address.getRawPath().isEmpty()
            || address.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "the Vault address has no user info, path, query or fragment: the API path is /v1/");
    }
    switch (scheme) {
      case "https" -> {}
      case "http" -> {
        if (!(LOOPBACK_V4.matcher(host).matches() || host.equals("[::1]"))) {
          throw new IllegalArgumentException(
              "the Vault address must use https; plain http is allowed only to 127.0.0.1 or [::1]"
                  + " (a name could resolve elsewhere, and the token is in every request)");
        }
      }
      default -> throw new IllegalArgumentException("the Vault address must be an http(s) URL");
    }
  }

  private static void checkNamespace(String template) {
    String sample = template.replace(TenantPaths.TENANT, "t");
    if (!NAMESPACE.matcher(sample).matches()) {
      throw new IllegalArgumentException(
          "the Vault namespace is segments of letters, digits, '.', '_' and '-' separated by '/',"
              + " optionally with "
              + TenantPaths.TENANT);
    }
  }
}
