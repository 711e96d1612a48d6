package dev.sallyport.config;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code console:} block of {@code sallyport.yaml}. The client secret is named by {@code
 * client_secret_file} or {@code client_secret_env}, never written inline: a {@code client_secret}
 * key is refused like any unknown key.
 */
final class ConsoleSection {
  /** RFC 6749 scope-token characters. */
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,128}");

  private ConsoleSection() {}

  static ConsoleConfig read(Path dir, YamlNode node) throws ConfigException {
    YamlNode.Fields f =
        node.fields(
            Set.of(
                "issuer",
                "client_id",
                "client_secret_file",
                "client_secret_env",
                "public_origin",
                "scopes",
                "session_lifetime"));
    URI issuer = httpsOrLoopback(f.required("issuer"), "issuer");
    String clientId = f.required("client_id").nonBlankString();
    if (f.has("client_secret_file") && f.has("client_secret_env")) {
      throw node.problem("at most one of 'client_secret_file' and 'client_secret_env' may be set");
    }
    Optional<SecretReference> secret =
        ApprovalsSection.optionalSecret(dir, f, "client_secret_env", "client_secret_file");
    YamlNode originNode = f.required("public_origin");
    URI origin = httpsOrLoopback(originNode, "public_origin");
    if ((origin.getRawPath() != null && !origin.getRawPath().isEmpty())
        || origin.getRawQuery() != null
        || origin.getRawFragment() != null
        || origin.getRawUserInfo() != null) {
      throw originNode.problem(
          "public_origin is an origin: scheme, host and port only, such as"
              + " https://sallyport.acme.example");
    }
    List<String> scopes = List.of();
    if (f.has("scopes")) {
      YamlNode s = f.required("scopes");
      scopes = s.strings();
      for (String scope : scopes) {
        if (!SCOPE.matcher(scope).matches()) {
          throw s.problem("'" + scope + "' is not an OAuth scope");
        }
      }
    }
    Duration lifetime = ConsoleConfig.DEFAULT_SESSION_LIFETIME;
    if (f.has("session_lifetime")) {
      lifetime =
          ApprovalsSection.duration(
              f.required("session_lifetime"),
              "session_lifetime",
              Duration.ofMinutes(5),
              Duration.ofDays(1));
    }
    return new ConsoleConfig(issuer, clientId, secret, origin, scopes, lifetime);
  }

  private static URI httpsOrLoopback(YamlNode node, String key) throws ConfigException {
    URI uri;
    try {
      uri = new URI(node.nonBlankString());
    } catch (URISyntaxException e) {
      throw node.problem(key + " must be an absolute https URL");
    }
    if (uri.getHost() == null || !IdentitySettings.isHttpsOrLoopback(uri)) {
      throw node.problem(key + " must be https (plain http only on a loopback address)");
    }
    return uri;
  }
}
