package dev.sallyport.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat accept the same shape): a
 * Block Kit message with who wants what, why it stopped, when it expires, the redacted arguments
 * and a button with the approval link. Every value from the call is escaped, so an agent id or a
 * reason cannot mention {@code @channel} or forge a link.
 */
public final class SlackWebhookChannel implements NoticeChannel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookPost post;

  public SlackWebhookChannel(HttpClient client, URI webhook, Duration timeout) {
    this.post = new WebhookPost(client, webhook, timeout, "slack");
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public void send(ApprovalNotice notice) throws DeliveryException {
    try {
      post.post(JSON.writeValueAsBytes(message(notice)), Map.of());
    } catch (JsonProcessingException e) {
      throw new DeliveryException("slack: cannot build the message", false, e);
    }
  }

  /** The Block Kit message for {@code notice}. */
  static Map<String, Object> message(ApprovalNotice notice) {
    String who = "*" + escape(notice.agentId()) + "* wants to call `" + escape(notice.tool()) + "`";
    String arguments;
    try {
      arguments = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(notice.shownArguments());
    } catch (JsonProcessingException e) {
      arguments = "(arguments not shown)";
    }
    Map<String, Object> message = new LinkedHashMap<>();
    // The plain text is what notifications and clients without blocks show.
    message.put(
        "text", "Approval needed: " + escape(notice.agentId()) + " → " + escape(notice.tool()));
    message.put(
        "blocks",
        List.of(
            Map.of("type", "header", "text", plain("Approval needed")),
            Map.of(
                "type",
                "section",
                "text",
                markdown(who),
                "fields",
                List.of(
                    markdown("*Why*\n" + escape(notice.reason())),
                    markdown("*Expires*\n" + notice.expiresAt()))),
            Map.of("type", "section", "text", markdown("```" + escape(arguments) + "```")),
            Map.of(
                "type",
                "actions",
                "elements",
                List.of(
                    Map.of(
                        "type",
                        "button",
                        "style",
                        "primary",
                        "text",
                        plain("Review and decide"),
                        "url",
                        notice.link().toString()))),
            Map.of(
                "type",
                "context",
                "elements",
                List.of(
                    markdown(
                        "Approval "
                            + escape(notice.approvalId())
                            + " · tenant "
                            + escape(notice.tenant().value())
                            + " · the link works once, for approvers only")))));
    return message;
  }

  private static Map<String, Object> plain(String text) {
    return Map.of("type", "plain_text", "text", text);
  }

  private static Map<String, Object> markdown(String text) {
    return Map.of("type", "mrkdwn", "text", text);
  }

  /** Slack's three control characters; everything else is literal in mrkdwn text. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
