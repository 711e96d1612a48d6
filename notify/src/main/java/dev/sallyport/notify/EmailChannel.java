package dev.sallyport.notify;

import static java.util.Objects.requireNonNull;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * E-mail over SMTP: a plain-text message to the approver with the call, the reason, the expiry and
 * the one-time link. The recipient must be one strict e-mail address; values from the call are
 * stripped of control characters before they reach a header.
 */
public final class EmailChannel implements NoticeChannel {
  private final Session session;
  private final InternetAddress from;

  /**
   * @param host the SMTP server
   * @param port its port
   * @param from the sender address
   * @param startTls whether to require STARTTLS (off only for a local relay)
   * @param timeout connect, read and write timeout
   */
  public EmailChannel(String host, int port, String from, boolean startTls, Duration timeout) {
    requireNonNull(host, "host is null");
    Properties properties = new Properties();
    properties.put("mail.smtp.host", host);
    properties.put("mail.smtp.port", Integer.toString(port));
    properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
    properties.put("mail.smtp.starttls.required", Boolean.toString(startTls));
    String millis = Long.toString(timeout.toMillis());
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    this.session = Session.getInstance(properties);
    try {
      this.from = new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("invalid sender address", e);
    }
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void send(ApprovalNotice notice) throws DeliveryException {
    InternetAddress to;
    try {
      to = new InternetAddress(notice.recipient(), true);
    } catch (AddressException e) {
      throw new DeliveryException("email: recipient is not an e-mail address", false, null);
    }
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, to);
      message.setSubject(
          "Approval needed: " + header(notice.agentId()) + " wants " + header(notice.tool()),
          "UTF-8");
      message.setHeader("X-Sallyport-Delivery", header(notice.deliveryId()));
      message.setText(text(notice), "UTF-8");
      Transport.send(message);
    } catch (MessagingException e) {
      // SMTP failures are mostly transient (connection refused, 4xx); a 5xx on a valid address
      // will fail again, which the bounded retries absorb.
      throw new DeliveryException("email: " + e.getClass().getSimpleName(), true, null);
    }
  }

  static String text(ApprovalNotice notice) {
    StringBuilder body = new StringBuilder();
    body.append("The agent ")
        .append(notice.agentId())
        .append(" wants to call ")
        .append(notice.tool())
        .append(".\n\nWhy it stopped: ")
        .append(notice.reason())
        .append("\nExpires: ")
        .append(notice.expiresAt())
        .append("\n\nArguments (redacted):\n");
    for (Map.Entry<String, Object> entry : notice.shownArguments().entrySet()) {
      body.append("  ").append(entry.getKey()).append(": ").append(entry.getValue()).append('\n');
    }
    body.append("\nReview and decide (sign-in required; the link works once):\n")
        .append(notice.link())
        .append("\n\nApproval ")
        .append(notice.approvalId())
        .append(", tenant ")
        .append(notice.tenant().value())
        .append('\n');
    return body.toString();
  }

  private static String header(String value) {
    return value.replaceAll("\\p{Cntrl}", " ");
  }
}
