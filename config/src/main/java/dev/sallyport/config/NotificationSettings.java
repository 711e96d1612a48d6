package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import java.net.URI;
import java.util.Optional;

/**
 * Where a tenant's approvers are told that a call waits for them ({@code notifications:} in {@code
 * tenant.yaml}). Every secret is a reference (a file or an environment variable), never a value, so
 * that the deployment folder can be reviewed and versioned without leaking one. A Slack incoming
 * webhook URL is a secret: whoever has it can post to the channel.
 *
 * @param slack one message per approver group to a Slack-compatible incoming webhook
 * @param email one mail per named user of the approver groups (users whose id is an address)
 * @param webhook one HMAC-signed POST per approver group to the tenant's own system
 */
public record NotificationSettings(
    Optional<Slack> slack, Optional<Email> email, Optional<Webhook> webhook) {
  /** Nobody is notified: approvers find held calls under {@code /approvals/}. */
  public static final NotificationSettings NONE =
      new NotificationSettings(Optional.empty(), Optional.empty(), Optional.empty());

  public NotificationSettings {
    requireNonNull(slack, "slack is null");
    requireNonNull(email, "email is null");
    requireNonNull(webhook, "webhook is null");
  }

  /** Whether any channel is configured. */
  public boolean any() {
    return slack.isPresent() || email.isPresent() || webhook.isPresent();
  }

  /** A Slack-compatible incoming webhook, its URL by reference. */
  public record Slack(SecretReference webhookUrl) {
    public Slack {
      requireNonNull(webhookUrl, "webhookUrl is null");
    }
  }

  /**
   * An SMTP relay.
   *
   * @param startTls whether STARTTLS is required; off only for a relay on this machine
   */
  public record Email(String host, int port, String from, boolean startTls) {
    public Email {
      requireNonNull(host, "host is null");
      requireNonNull(from, "from is null");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535");
      }
    }
  }

  /** A generic webhook; each body is signed with HMAC-SHA256 under the referenced secret. */
  public record Webhook(URI url, SecretReference secret) {
    public Webhook {
      requireNonNull(url, "url is null");
      requireNonNull(secret, "secret is null");
    }
  }
}
