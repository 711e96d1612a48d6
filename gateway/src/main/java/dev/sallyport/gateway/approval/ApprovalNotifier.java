package dev.sallyport.gateway.approval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.approval.ApprovalLink;
import dev.sallyport.approval.ApprovalRequest;
import dev.sallyport.approval.ApprovalStore;
import dev.sallyport.approval.ApproverRule;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.config.NotificationSettings;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.model.TenantId;
import dev.sallyport.notify.ApprovalNotice;
import dev.sallyport.notify.DeliveryListener;
import dev.sallyport.notify.EmailChannel;
import dev.sallyport.notify.NoticeChannel;
import dev.sallyport.notify.NoticeDelivery;
import dev.sallyport.notify.RetryPolicy;
import dev.sallyport.notify.SignedWebhookChannel;
import dev.sallyport.notify.SlackWebhookChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each tenant's approval notices through the channels its {@code notifications:} block names,
 * each with its own one-time link ({@code <public origin>/approvals/open?t=...}) that expires with
 * the approval:
 *
 * <ul>
 *   <li>e-mail: one notice per named user of the approver groups whose id is an e-mail address (an
 *       IdP group has no address Sallyport could know);
 *   <li>Slack and the signed webhook: one notice per approver group. The group's link works once;
 *       the group's other members find the approval under {@code /approvals/}.
 * </ul>
 *
 * Delivery runs on virtual threads ({@link NoticeDelivery}); {@link #requested} returns at once. A
 * notice that finally fails is recorded as {@code approval.notification_failed} in the tenant's
 * ledger and counted in {@code sallyport_approval_notifications_total{outcome="failed"}}.
 */
public final class ApprovalNotifier implements ApprovalNotices, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalNotifier.class);
  private static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern ADDRESS =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}");

  /** A tenant's deliveries: to people (e-mail) and to approver groups (Slack, webhook). */
  private record Deliveries(NoticeDelivery people, NoticeDelivery groups) {}

  private final Map<TenantId, Deliveries> tenants;
  private final LinkTokens links;
  private final URI publicOrigin;
  private final SecureRandom random;

  private ApprovalNotifier(
      Map<TenantId, Deliveries> tenants, LinkTokens links, URI publicOrigin, SecureRandom random) {
    this.tenants = Map.copyOf(tenants);
    this.links = links;
    this.publicOrigin = publicOrigin;
    this.random = random;
  }

  /**
   * Builds the channels of every tenant that configures notifications, reading their secrets now.
   *
   * @param environment the server's environment, for secrets named by variable
   * @throws IOException when a secret cannot be read: a start with a notice channel that cannot
   *     work is refused rather than left to fail silently at the first approval
   */
  public static ApprovalNotifier start(
      Collection<TenantConfig> tenants,
      URI publicOrigin,
      LinkTokens links,
      HttpClient http,
      Function<String, String> environment,
      ApprovalStore store,
      AuditRecorder audit,
      MeterRegistry metrics,
      Clock clock)
      throws IOException {
    requireNonNull(publicOrigin, "publicOrigin is null");
    requireNonNull(links, "links is null");
    SecureRandom random = new SecureRandom();
    DeliveryListener listener = new FailureRecorder(store, audit, metrics);
    Map<TenantId, Deliveries> deliveries = new LinkedHashMap<>();
    for (TenantConfig tenant : tenants) {
      NotificationSettings settings = tenant.approvals().notifications();
      if (!settings.any()) {
        continue;
      }
      List<NoticeChannel> people = new ArrayList<>();
      List<NoticeChannel> groups = new ArrayList<>();
      if (settings.email().isPresent()) {
        NotificationSettings.Email email = settings.email().get();
        people.add(
            new EmailChannel(
                email.host(), email.port(), email.from(), email.startTls(), CHANNEL_TIMEOUT));
      }
      if (settings.slack().isPresent()) {
        byte[] url = ConfiguredSecret.read(settings.slack().get().webhookUrl(), environment);
        try {
          groups.add(
              new SlackWebhookChannel(
                  http, URI.create(new String(url, StandardCharsets.UTF_8)), CHANNEL_TIMEOUT));
        } catch (IllegalArgumentException e) {
          // The message would carry the URL, which is the secret.
          throw new IOException(
              "tenant "
                  + tenant.id()
                  + ": the Slack webhook URL in "
                  + ConfiguredSecret.describe(settings.slack().get().webhookUrl())
                  + " is not an https URL");
        } finally {
          Arrays.fill(url, (byte) 0);
        }
      }
      if (settings.webhook().isPresent()) {
        NotificationSettings.Webhook webhook = settings.webhook().get();
        byte[] secret = ConfiguredSecret.read(webhook.secret(), environment);
        try {
          groups.add(new SignedWebhookChannel(http, webhook.url(), CHANNEL_TIMEOUT, secret, clock));
        } catch (IllegalArgumentException e) {
          throw new IOException("tenant " + tenant.id() + ": webhook: " + e.getMessage());
        } finally {
          Arrays.fill(secret, (byte) 0);
        }
      }
      deliveries.put(
          tenant.id(),
          new Deliveries(
              new NoticeDelivery(people, RetryPolicy.DEFAULT, listener, random),
              new NoticeDelivery(groups, RetryPolicy.DEFAULT, listener, random)));
    }
    return new ApprovalNotifier(deliveries, links, publicOrigin, random);
  }

  @Override
  public void requested(ApprovalRequest request) {
    Deliveries deliveries = tenants.get(request.tenant());
    if (deliveries == null) {
      return;
    }
    try {
      if (!deliveries.people().channels().isEmpty()) {
        Set<String> people = new LinkedHashSet<>();
        for (ApproverRule rule : request.approvers()) {
          rule.users().stream()
              .sorted()
              .filter(u -> ADDRESS.matcher(u).matches())
              .forEach(people::add);
        }
        for (String person : people) {
          deliveries.people().deliver(notice(request, person));
        }
      }
      if (!deliveries.groups().channels().isEmpty()) {
        for (ApproverRule rule : request.approvers()) {
          deliveries.groups().deliver(notice(request, rule.name()));
        }
      }
    } catch (RuntimeException e) {
      // The call still waits and can be found under /approvals/; only the notice is lost.
      LOG.error(
          "approval notices for {} could not be sent: {}", request.id(), e.getClass().getName());
    }
  }

  private ApprovalNotice notice(ApprovalRequest request, String recipient) {
    String token =
        links.issue(
            new ApprovalLink(
                request.tenant(), request.id(), recipient, request.expiresAt(), randomId()));
    URI link =
        URI.create(
            publicOrigin
                + "/approvals/open?t="
                + URLEncoder.encode(token, StandardCharsets.US_ASCII));
    return new ApprovalNotice(
        randomId(),
        request.tenant(),
        request.id(),
        request.agentId(),
        request.tool(),
        request.reason(),
        request.shownArguments(),
        request.expiresAt(),
        recipient,
        link);
  }

  private String randomId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    for (Deliveries d : tenants.values()) {
      d.people().close();
      d.groups().close();
    }
  }

  /**
   * Counts every attempt, and records a notice that finally failed in the tenant's ledger: an
   * approver who was never told must show up somewhere other than a log file.
   */
  private static final class FailureRecorder implements DeliveryListener {
    private final ApprovalStore store;
    private final AuditRecorder audit;
    private final MeterRegistry metrics;

    FailureRecorder(ApprovalStore store, AuditRecorder audit, MeterRegistry metrics) {
      this.store = store;
      this.audit = audit;
      this.metrics = metrics;
    }

    @Override
    public void delivered(String channel, ApprovalNotice notice, int attempt) {
      count(channel, "delivered");
    }

    @Override
    public void failed(
        String channel, ApprovalNotice notice, int attempt, String problem, boolean last) {
      count(channel, last ? "failed" : "retried");
      if (!last) {
        return;
      }
      LOG.warn(
          "approval notice {} via {} failed after {} attempts: {}",
          notice.approvalId(),
          channel,
          attempt,
          problem);
      try {
        store
            .find(notice.tenant(), notice.approvalId())
            .ifPresent(a ->
                audit.approvalNotificationFailed(
                    a.request().call(), channel, notice.recipient(), attempt, problem));
      } catch (RuntimeException e) {
        // A listener must not throw; the counter and the log line above still show it.
        LOG.error("could not record a failed approval notice: {}", e.getClass().getName());
      }
    }

    private void count(String channel, String outcome) {
      Counter.builder("sallyport.approval.notifications")
          .description("Approval notice delivery attempts by channel and outcome")
          .tag("channel", channel)
          .tag("outcome", outcome)
          .register(metrics)
          .increment();
    }
  }
}
