package dev.sallyport.config;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code siem:} list of {@code sallyport.yaml}: one mapping per sink, whose allowed keys
 * depend on its {@code type}. Kept apart from {@link DeploymentLoader} so that the export's
 * settings live in one place.
 */
final class SiemSection {
  private static final Pattern DURATION = Pattern.compile("(0|[1-9][0-9]{0,8})(ms|s|m)");
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]{1,255}");
  // A host name or an IP literal: what a socket can connect to, nothing that could smuggle a port
  // or a path.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");

  private SiemSection() {}

  static List<SiemSinkSettings> read(Path dir, YamlNode node) throws ConfigException {
    List<SiemSinkSettings> sinks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlNode item : node.list()) {
      Map<String, YamlNode> keys = item.entries();
      YamlNode typeNode = keys.get("type");
      if (typeNode == null) {
        throw item.problem("missing required key 'type' (one of jsonl, syslog, webhook)");
      }
      String type = typeNode.string();
      SiemSinkSettings sink;
      try {
        sink =
            switch (type) {
              case "jsonl" -> jsonl(item);
              case "syslog" -> syslog(item);
              case "webhook" -> webhook(dir, item);
              default ->
                  throw typeNode.problem(
                      "unknown sink type '" + type + "' (one of jsonl, syslog, webhook)");
            };
      } catch (IllegalArgumentException e) {
        // Every rule is checked above with its position; this only keeps a missed one from
        // escaping as anything but a refusal.
        throw item.problem(e.getMessage());
      }
      if (!names.add(sink.name())) {
        throw keys.get("name").problem("sink '" + sink.name() + "' is declared twice");
      }
      sinks.add(sink);
    }
    return sinks;
  }

  private static SiemSinkSettings jsonl(YamlNode item) throws ConfigException {
    YamlNode.Fields f = item.fields(Set.of("name", "type", "path"));
    String name = name(f);
    YamlNode pathNode = f.required("path");
    Path path;
    try {
      path = Path.of(pathNode.nonBlankString());
    } catch (InvalidPathException e) {
      throw pathNode.problem("not a valid file path");
    }
    if (!path.isAbsolute()) {
      throw pathNode.problem("path must be absolute");
    }
    return new SiemSinkSettings.Jsonl(name, path.normalize());
  }

  private static SiemSinkSettings syslog(YamlNode item) throws ConfigException {
    YamlNode.Fields f =
        item.fields(
            Set.of(
                "name",
                "type",
                "transport",
                "host",
                "port",
                "facility",
                "hostname",
                "max_message_bytes"));
    String name = name(f);
    YamlNode transportNode = f.required("transport");
    SiemSinkSettings.SyslogTransport transport =
        switch (transportNode.string()) {
          case "tcp" -> SiemSinkSettings.SyslogTransport.TCP;
          case "udp" -> SiemSinkSettings.SyslogTransport.UDP;
          default -> throw transportNode.problem("transport must be tcp or udp");
        };
    YamlNode hostNode = f.required("host");
    String host = hostNode.nonBlankString();
    if (!HOST.matcher(host).matches()) {
      throw hostNode.problem("host must be a host name or an IP address");
    }
    int port = (int) range(f.required("port"), "port", 1, 65535);
    int facility =
        f.has("facility")
            ? (int) range(f.required("facility"), "facility", 0, 23)
            : SiemSinkSettings.Syslog.DEFAULT_FACILITY;
    Optional<String> hostname = Optional.empty();
    if (f.has("hostname")) {
      YamlNode hostnameNode = f.required("hostname");
      String value = hostnameNode.nonBlankString();
      if (!PRINTABLE_ASCII.matcher(value).matches()) {
        throw hostnameNode.problem(
            "hostname must be 1-255 printable ASCII characters without spaces (RFC 5424)");
      }
      hostname = Optional.of(value);
    }
    int maxMessageBytes = SiemSinkSettings.Syslog.DEFAULT_MAX_MESSAGE_BYTES;
    if (f.has("max_message_bytes")) {
      YamlNode sizeNode = f.required("max_message_bytes");
      if (transport != SiemSinkSettings.SyslogTransport.UDP) {
        throw sizeNode.problem("max_message_bytes applies to transport udp only");
      }
      maxMessageBytes = (int) range(sizeNode, "max_message_bytes", 480, 65507);
    }
    return new SiemSinkSettings.Syslog(
        name, transport, host, port, facility, hostname, maxMessageBytes);
  }

  private static SiemSinkSettings webhook(Path dir, YamlNode item) throws ConfigException {
    YamlNode.Fields f =
        item.fields(
            Set.of(
                "name",
                "type",
                "url",
                "batch_size",
                "max_wait",
                "timeout",
                "secret_file",
                "secret_env"));
    String name = name(f);
    YamlNode urlNode = f.required("url");
    URI url;
    try {
      url = new URI(urlNode.nonBlankString());
    } catch (URISyntaxException e) {
      throw urlNode.problem("expected an absolute http or https URL");
    }
    if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        || url.getHost() == null
        || url.getPort() > 65535) {
      throw urlNode.problem("expected an absolute http or https URL");
    }
    if (url.getRawUserInfo() != null) {
      throw urlNode.problem(
          "url must not carry credentials: name the secret with secret_file or secret_env");
    }
    if (url.getRawFragment() != null) {
      throw urlNode.problem("url must not have a fragment");
    }
    int batchSize =
        f.has("batch_size")
            ? (int) range(f.required("batch_size"), "batch_size", 1, 10_000)
            : SiemSinkSettings.Webhook.DEFAULT_BATCH_SIZE;
    Duration maxWait =
        f.has("max_wait")
            ? duration(f.required("max_wait"), "max_wait", Duration.ZERO, Duration.ofMinutes(5))
            : SiemSinkSettings.Webhook.DEFAULT_MAX_WAIT;
    Duration timeout =
        f.has("timeout")
            ? duration(
                f.required("timeout"), "timeout", Duration.ofSeconds(1), Duration.ofMinutes(5))
            : SiemSinkSettings.Webhook.DEFAULT_TIMEOUT;
    if (f.has("secret_file") && f.has("secret_env")) {
      throw item.problem("at most one of 'secret_file' and 'secret_env' may be set");
    }
    Optional<SecretReference> secret = Optional.empty();
    if (f.has("secret_file")) {
      YamlNode fileNode = f.required("secret_file");
      try {
        secret =
            Optional.of(
                new SecretReference.File(dir.resolve(fileNode.nonBlankString()).normalize()));
      } catch (InvalidPathException e) {
        throw fileNode.problem("not a valid file path");
      }
    } else if (f.has("secret_env")) {
      YamlNode envNode = f.required("secret_env");
      try {
        secret = Optional.of(new SecretReference.Environment(envNode.nonBlankString()));
      } catch (IllegalArgumentException e) {
        throw envNode.problem(e.getMessage());
      }
    }
    return new SiemSinkSettings.Webhook(name, url, batchSize, maxWait, timeout, secret);
  }

  private static String name(YamlNode.Fields f) throws ConfigException {
    YamlNode node = f.required("name");
    String name = node.nonBlankString();
    if (!SiemSinkSettings.NAME.matcher(name).matches()) {
      throw node.problem(
          "sink name must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
    }
    return name;
  }

  private static long range(YamlNode node, String key, long min, long max) throws ConfigException {
    long value = node.integer();
    if (value < min || value > max) {
      throw node.problem(key + " must be between " + min + " and " + max);
    }
    return value;
  }

  /** {@code 500ms}, {@code 2s}, {@code 1m}: a unit is always written, so 2 is never 2 ms. */
  private static Duration duration(YamlNode node, String key, Duration min, Duration max)
      throws ConfigException {
    String problem = key + " must be a duration like 500ms, 2s or 1m";
    String text;
    try {
      text = node.string();
    } catch (ConfigException e) {
      // A bare number is refused with the same words: its unit would be a guess.
      throw node.problem(problem);
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw node.problem(problem);
    }
    long amount = Long.parseLong(m.group(1));
    Duration value =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          default -> Duration.ofMinutes(amount);
        };
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw node.problem(key + " must be between " + text(min) + " and " + text(max));
    }
    return value;
  }

  private static String text(Duration duration) {
    if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
      return duration.toMinutes() + "m";
    }
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }
}
