package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One destination of the SIEM export ({@code siem:} in {@code sallyport.yaml}, see {@code
 * docs/siem.md}). Each sink gets every event of every tenant, at least once.
 */
public sealed interface SiemSinkSettings {
  /** Sink names are file names (the sink's cursor lives in {@code DATA/siem/NAME.cursor}). */
  Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** The sink's name, unique in the deployment. */
  String name();

  /** The {@code type} key: {@code jsonl}, {@code syslog} or {@code webhook}. */
  String type();

  private static void checkName(String name) {
    requireNonNull(name, "name is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "sink name must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
    }
  }

  /**
   * Appends one JSON line per event to a file.
   *
   * @param path absolute path of the file; its folder must exist
   */
  record Jsonl(String name, Path path) implements SiemSinkSettings {
    public Jsonl {
      checkName(name);
      requireNonNull(path, "path is null");
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("path must be absolute");
      }
    }

    @Override
    public String type() {
      return "jsonl";
    }
  }

  /** How syslog messages travel. */
  enum SyslogTransport {
    /** RFC 6587 octet counting over one TCP connection, reopened on failure. */
    TCP,
    /** RFC 5426: one message per datagram, no delivery guarantee. */
    UDP
  }

  /**
   * RFC 5424 messages to a syslog receiver.
   *
   * @param facility 0-23 (13 is "log audit")
   * @param hostname the HOSTNAME field, or empty for this machine's name
   * @param maxMessageBytes over UDP, the largest datagram sent; longer messages lose the end of
   *     their MSG part (never the header or structured data)
   */
  record Syslog(
      String name,
      SyslogTransport transport,
      String host,
      int port,
      int facility,
      Optional<String> hostname,
      int maxMessageBytes)
      implements SiemSinkSettings {
    public static final int DEFAULT_FACILITY = 13;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 2048;

    public Syslog {
      checkName(name);
      requireNonNull(transport, "transport is null");
      requireNonNull(host, "host is null");
      requireNonNull(hostname, "hostname is null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is blank");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535");
      }
      if (facility < 0 || facility > 23) {
        throw new IllegalArgumentException("facility must be between 0 and 23");
      }
      if (maxMessageBytes < 480 || maxMessageBytes > 65507) {
        throw new IllegalArgumentException("max_message_bytes must be between 480 and 65507");
      }
    }

    @Override
    public String type() {
      return "syslog";
    }
  }

  /**
   * HTTP POST of JSON batches.
   *
   * @param batchSize the most records in one request
   * @param maxWait how long a record may wait for its batch to fill before it is sent anyway
   * @param timeout how long one request may take
   * @param secret the HMAC-SHA256 key that signs each body, by reference; empty sends no signature
   */
  record Webhook(
      String name,
      URI url,
      int batchSize,
      Duration maxWait,
      Duration timeout,
      Optional<SecretReference> secret)
      implements SiemSinkSettings {
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Webhook {
      checkName(name);
      requireNonNull(url, "url is null");
      requireNonNull(maxWait, "maxWait is null");
      requireNonNull(timeout, "timeout is null");
      requireNonNull(secret, "secret is null");
      if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
        throw new IllegalArgumentException("url must be an http or https URL");
      }
      if (url.getRawUserInfo() != null) {
        throw new IllegalArgumentException("url must not carry credentials");
      }
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batch_size must be between 1 and 10000");
      }
      if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("max_wait must be between 0s and 5m");
      }
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0
          || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("timeout must be between 1s and 5m");
      }
    }

    @Override
    public String type() {
      return "webhook";
    }
  }

  /**
   * Where a secret is kept. The configuration names it and never holds it, so that a deployment
   * folder can be reviewed and versioned without leaking it; it is read when the sink starts.
   */
  sealed interface SecretReference {
    /** A file whose bytes, without a final line break, are the secret. */
    record File(Path path) implements SecretReference {
      public File {
        requireNonNull(path, "path is null");
      }
    }

    /** An environment variable of the server process. */
    record Environment(String variable) implements SecretReference {
      private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

      public Environment {
        requireNonNull(variable, "variable is null");
        if (!VARIABLE.matcher(variable).matches()) {
          throw new IllegalArgumentException(
              "an environment variable name is letters, digits and '_', not starting with a digit");
        }
      }
    }
  }
}
