package dev.sallyport.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code executor:} block of {@code sallyport.yaml}.
 *
 * <pre>
 * executor:
 *   url: http://127.0.0.1:8081     # absent: the executor runs in the gateway's process
 *   port: 8081                     # the port of `sallyport executor`
 *   timeout_ms: 30000              # how long the gateway waits for an answer
 *   grant_algorithm: ed25519       # or hmac-sha256
 *   grant_lifetime_seconds: 60     # 1-3600
 *   clock_skew_seconds: 5          # 0-60
 * </pre>
 */
final class ExecutorSection {
  private ExecutorSection() {}

  static ExecutorSettings read(Optional<YamlNode> node) throws ConfigException {
    if (node.isEmpty()) {
      return ExecutorSettings.DEFAULTS;
    }
    ExecutorSettings d = ExecutorSettings.DEFAULTS;
    YamlNode.Fields f =
        node.get()
            .fields(
                Set.of(
                    "url",
                    "port",
                    "timeout_ms",
                    "grant_algorithm",
                    "grant_lifetime_seconds",
                    "clock_skew_seconds"));
    Optional<URI> url = Optional.empty();
    if (f.has("url")) {
      YamlNode u = f.required("url");
      URI uri;
      try {
        uri = new URI(u.nonBlankString());
      } catch (URISyntaxException e) {
        throw u.problem("expected an absolute http or https URL");
      }
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
          || uri.getQuery() != null
          || uri.getUserInfo() != null) {
        throw u.problem("url must be http(s)://HOST:PORT, without a path, query or user info");
      }
      url = Optional.of(uri);
    }
    ExecutorSettings.GrantKeyType algorithm = d.grantAlgorithm();
    if (f.has("grant_algorithm")) {
      YamlNode a = f.required("grant_algorithm");
      algorithm =
          switch (a.string()) {
            case "ed25519" -> ExecutorSettings.GrantKeyType.ED25519;
            case "hmac-sha256" -> ExecutorSettings.GrantKeyType.HMAC_SHA256;
            default -> throw a.problem("grant_algorithm must be ed25519 or hmac-sha256");
          };
    }
    return new ExecutorSettings(
        url,
        (int) bounded(f, "port", d.port(), 0, 65535),
        Duration.ofMillis(bounded(f, "timeout_ms", d.timeout().toMillis(), 1, 600_000)),
        algorithm,
        Duration.ofSeconds(
            bounded(f, "grant_lifetime_seconds", d.grantLifetime().toSeconds(), 1, 3600)),
        Duration.ofSeconds(bounded(f, "clock_skew_seconds", d.clockSkew().toSeconds(), 0, 60)));
  }

  private static long bounded(YamlNode.Fields f, String key, long fallback, long min, long max)
      throws ConfigException {
    if (!f.has(key)) {
      return fallback;
    }
    YamlNode n = f.required(key);
    long value = n.integer();
    if (value < min || value > max) {
      throw n.problem(key + " must be between " + min + " and " + max);
    }
    return value;
  }
}
