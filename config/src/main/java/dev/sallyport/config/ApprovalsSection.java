package dev.sallyport.config;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a tenant says about waiting for people: {@code approvals: {timeout}}, {@code
 * notifications: {slack, email, webhook}}, and the console's {@code session_lifetime}. Durations
 * are a whole number of one unit ({@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}): a unit is
 * always written, so {@code 15} is never guessed to be minutes.
 */
final class ApprovalsSection {
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,6})([smhd])");
  // A host name or an IP literal: nothing that could smuggle a port, a path or credentials.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");
  private static final Pattern ADDRESS =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}");

  private ApprovalsSection() {}

  /**
   * The tenant's approval settings.
   *
   * @param console whether the deployment has a console: notifications carry links to its pages, so
   *     without one they are refused
   */
  static ApprovalSettings read(
      Path dir, Optional<YamlNode> approvals, Optional<YamlNode> notifications, boolean console)
      throws ConfigException {
    Duration timeout = ApprovalSettings.DEFAULT_TIMEOUT;
    if (approvals.isPresent()) {
      YamlNode.Fields f = approvals.get().fields(Set.of("timeout"));
      if (f.has("timeout")) {
        timeout =
            duration(
                f.required("timeout"),
                "timeout",
                ApprovalSettings.MIN_TIMEOUT,
                ApprovalSettings.MAX_TIMEOUT);
      }
    }
    NotificationSettings channels = NotificationSettings.NONE;
    if (notifications.isPresent()) {
      YamlNode node = notifications.get();
      channels = notifications(dir, node);
      if (channels.any() && !console) {
        throw node.problem(
            "notifications need a console: block in sallyport.yaml (their links open its"
                + " approval pages)");
      }
    }
    return new ApprovalSettings(timeout, channels);
  }

  private static NotificationSettings notifications(Path dir, YamlNode node)
      throws ConfigException {
    YamlNode.Fields f = node.fields(Set.of("slack", "email", "webhook"));
    Optional<NotificationSettings.Slack> slack = Optional.empty();
    if (f.has("slack")) {
      YamlNode s = f.required("slack");
      YamlNode.Fields sf = s.fields(Set.of("webhook_url_env", "webhook_url_file"));
      slack =
          Optional.of(
              new NotificationSettings.Slack(
                  secret(dir, s, sf, "webhook_url_env", "webhook_url_file")));
    }
    Optional<NotificationSettings.Email> email = Optional.empty();
    if (f.has("email")) {
      YamlNode.Fields e = f.required("email").fields(Set.of("host", "port", "from", "starttls"));
      YamlNode hostNode = e.required("host");
      String host = hostNode.nonBlankString();
      if (!HOST.matcher(host).matches()) {
        throw hostNode.problem("host must be a host name or an IP address");
      }
      int port = 587;
      if (e.has("port")) {
        YamlNode portNode = e.required("port");
        long value = portNode.integer();
        if (value < 1 || value > 65535) {
          throw portNode.problem("port must be between 1 and 65535");
        }
        port = (int) value;
      }
      YamlNode fromNode = e.required("from");
      String from = fromNode.nonBlankString();
      if (!ADDRESS.matcher(from).matches()) {
        throw fromNode.problem("from must be one e-mail address such as sallyport@acme.example");
      }
      boolean startTls = !e.has("starttls") || e.required("starttls").bool();
      email = Optional.of(new NotificationSettings.Email(host, port, from, startTls));
    }
    Optional<NotificationSettings.Webhook> webhook = Optional.empty();
    if (f.has("webhook")) {
      YamlNode w = f.required("webhook");
      YamlNode.Fields wf = w.fields(Set.of("url", "secret_env", "secret_file"));
      YamlNode urlNode = wf.required("url");
      URI url;
      try {
        url = new URI(urlNode.nonBlankString());
      } catch (URISyntaxException e) {
        throw urlNode.problem("expected an absolute https URL");
      }
      if (url.getHost() == null || !IdentitySettings.isHttpsOrLoopback(url)) {
        // Approval links are bearer-like: they never travel in clear text off this machine.
        throw urlNode.problem("url must be https (plain http only on a loopback address)");
      }
      if (url.getRawUserInfo() != null) {
        throw urlNode.problem(
            "url must not carry credentials: name the secret with secret_env or secret_file");
      }
      webhook =
          Optional.of(
              new NotificationSettings.Webhook(
                  url, secret(dir, w, wf, "secret_env", "secret_file")));
    }
    return new NotificationSettings(slack, email, webhook);
  }

  /** Exactly one of an environment variable and a file names the secret. */
  static SecretReference secret(
      Path dir, YamlNode at, YamlNode.Fields f, String envKey, String fileKey)
      throws ConfigException {
    if (f.has(envKey) == f.has(fileKey)) {
      throw at.problem("exactly one of '" + envKey + "' and '" + fileKey + "' must be set");
    }
    return optionalSecret(dir, f, envKey, fileKey).orElseThrow();
  }

  /** At most one of an environment variable and a file names the secret. */
  static Optional<SecretReference> optionalSecret(
      Path dir, YamlNode.Fields f, String envKey, String fileKey) throws ConfigException {
    if (f.has(fileKey)) {
      YamlNode fileNode = f.required(fileKey);
      try {
        return Optional.of(
            new SecretReference.File(dir.resolve(fileNode.nonBlankString()).normalize()));
      } catch (InvalidPathException e) {
        throw fileNode.problem("not a valid file path");
      }
    }
    if (f.has(envKey)) {
      YamlNode envNode = f.required(envKey);
      try {
        return Optional.of(new SecretReference.Environment(envNode.nonBlankString()));
      } catch (IllegalArgumentException e) {
        throw envNode.problem(e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, between {@code min} and {@code max}. */
  static Duration duration(YamlNode node, String key, Duration min, Duration max)
      throws ConfigException {
    String problem = key + " must be a duration such as 90s, 15m, 2h or 1d";
    String text;
    try {
      text = node.string();
    } catch (ConfigException e) {
      throw node.problem(problem);
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw node.problem(problem + ", found '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    Duration value =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw node.problem(key + " must be between " + text(min) + " and " + text(max));
    }
    return value;
  }

  private static String text(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      return d.toDays() + "d";
    }
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + "h";
    }
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }
}
