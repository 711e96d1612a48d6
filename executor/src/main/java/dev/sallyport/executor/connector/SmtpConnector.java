package dev.sallyport.executor.connector;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.grant.Recipient;
import dev.sallyport.model.Tool;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends an e-mail to exactly one recipient through an SMTP relay (Jakarta Mail, Angus). The
 * recipient a grant must name is that one address, normalised: the message's {@code To} and the
 * SMTP {@code RCPT TO} are both built from the same normalised address, so what was granted is what
 * receives the message, and nobody else does.
 */
public final class SmtpConnector implements Connector {
  private final ConnectorSettings.Smtp settings;
  private final String protocol;
  private final Session session;
  private final InternetAddress from;

  public SmtpConnector(ConnectorSettings.Smtp settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.protocol = settings.security() == ConnectorSettings.Security.TLS ? "smtps" : "smtp";
    String timeout = Long.toString(settings.timeout().toMillis());
    Properties properties = new Properties();
    String prefix = "mail." + protocol + ".";
    properties.put(prefix + "host", settings.host());
    properties.put(prefix + "port", Integer.toString(settings.port()));
    properties.put(prefix + "connectiontimeout", timeout);
    properties.put(prefix + "timeout", timeout);
    properties.put(prefix + "writetimeout", timeout);
    if (settings.security() == ConnectorSettings.Security.STARTTLS) {
      // Required, not opportunistic: a relay that does not offer STARTTLS is not used at all.
      properties.put(prefix + "starttls.enable", "true");
      properties.put(prefix + "starttls.required", "true");
    }
    if (settings.security() != ConnectorSettings.Security.NONE) {
      properties.put(prefix + "ssl.checkserveridentity", "true");
    }
    if (settings.credential().isPresent()) {
      // AUTH is then required: a relay that does not offer it gets nothing.
      properties.put(prefix + "auth", "true");
    }
    this.session = Session.getInstance(properties);
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("the connector's from address is not valid", e);
    }
  }

  @Override
  public PreparedRequest prepare(Tool tool, Map<String, Object> arguments)
      throws UnmappableCallException {
    if (!(tool.operation() instanceof Tool.Email email)) {
      throw new UnmappableCallException("tool " + tool.name() + " is not an e-mail tool");
    }
    String to = text(arguments, email.toArgument());
    String subject = text(arguments, email.subjectArgument());
    String body = text(arguments, email.bodyArgument());
    if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
      throw new UnmappableCallException("the subject must be one line");
    }
    Recipient.EmailAddress recipient;
    InternetAddress address;
    try {
      recipient = Recipient.email(to);
      address = new InternetAddress(recipient.address(), true);
    } catch (IllegalArgumentException | AddressException e) {
      throw new UnmappableCallException(
          "argument '" + email.toArgument() + "' is not exactly one e-mail address");
    }
    String redacted =
        "SMTP "
            + protocol
            + "://"
            + settings.host()
            + ":"
            + settings.port()
            + " from="
            + settings.from()
            + " to={"
            + email.toArgument()
            + "} subject={"
            + email.subjectArgument()
            + "} body={"
            + email.bodyArgument()
            + "}";
    return new Prepared(recipient, address, subject, body, redacted);
  }

  private static String text(Map<String, Object> arguments, String name)
      throws UnmappableCallException {
    if (arguments.get(name) instanceof String value) {
      return value;
    }
    throw new UnmappableCallException("argument '" + name + "' is missing or not a string");
  }

  /** One message to one recipient, ready to send. */
  private final class Prepared implements PreparedRequest {
    private final Recipient.EmailAddress recipient;
    private final InternetAddress to;
    private final String subject;
    private final String body;
    private final String redacted;

    Prepared(
        Recipient.EmailAddress recipient,
        InternetAddress to,
        String subject,
        String body,
        String redacted) {
      this.recipient = recipient;
      this.to = to;
      this.subject = subject;
      this.body = body;
      this.redacted = redacted;
    }

    @Override
    public Recipient recipient() {
      return recipient;
    }

    @Override
    public String redacted() {
      return redacted;
    }

    @Override
    public Map<String, Object> preview() {
      return Map.of(
          "method",
          "SMTP",
          "url",
          protocol + "://" + settings.host() + ":" + settings.port(),
          "to",
          recipient.address(),
          "subject",
          subject);
    }

    @Override
    public DispatchResult send(Optional<Credential> credential) {
      if (settings.credential().isPresent() && credential.isEmpty()) {
        // Fail closed on a wiring mistake: never send unauthenticated what was configured with one.
        throw new IllegalStateException("connector " + settings.name() + " got no credential");
      }
      try {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        message.saveChanges();
        try (Transport transport = session.getTransport(protocol)) {
          if (credential.isPresent()) {
            transport.connect(
                credential.get().username().orElse(""), credential.get().revealSecret());
          } else {
            transport.connect();
          }
          // Exactly the one granted address: never the message's own header list.
          transport.sendMessage(message, new Address[] {to});
        }
        return new DispatchResult.Sent(message.getMessageID());
      } catch (SMTPSendFailedException e) {
        return new DispatchResult.Answered(e.getReturnCode(), "the mail relay refused the message");
      } catch (MessagingException e) {
        if (causedByTimeout(e)) {
          return new DispatchResult.TimedOut();
        }
        return new DispatchResult.Unreachable(e.getClass().getSimpleName());
      }
    }
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
