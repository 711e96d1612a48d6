package dev.sallyport.cli.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.pii.PiiGuard;
import dev.sallyport.guards.pii.PiiOutcome;
import dev.sallyport.guards.pii.PiiPolicy;
import dev.sallyport.guards.pii.RedactionSession;

/**
 * A Logback pattern layout whose every formatted line, stack trace included, passes the PII and
 * secret detectors before it is written: e-mail addresses, phone numbers, cards, IBANs, national
 * numbers, IP addresses, API keys, tokens and private keys become typed placeholders ({@code
 * [EMAIL_1]}, {@code [SECRET_1]}). A line the detectors refuse (too long to scan) is replaced by a
 * note, never written unscanned. Each line gets a fresh {@link RedactionSession}, so the layout
 * keeps no values in memory: a placeholder's number means something within its line only.
 *
 * <p>The second line of defence: the code never passes payloads, memory contents or credentials to
 * a logger in the first place. Configured in {@code logback.xml} as the layout of a {@code
 * LayoutWrappingEncoder}; Logback instantiates it.
 */
public final class RedactingLayout extends PatternLayout {
  /** The destination name the guard's policy sees. */
  public static final String DESTINATION = "operator_log";

  private final PiiGuard guard = new PiiGuard(BuiltInDetectors.scanner(), PiiPolicy.redactAll());

  @Override
  public String doLayout(ILoggingEvent event) {
    return redact(super.doLayout(event));
  }

  /** One formatted line as it may be written. */
  public String redact(String line) {
    return switch (guard.apply(line, DESTINATION, new RedactionSession())) {
      case PiiOutcome.Passed p -> p.text();
      case PiiOutcome.Warned w -> w.text();
      case PiiOutcome.Redacted r -> r.text();
      case PiiOutcome.Blocked b ->
          "[sallyport: log line withheld: it could not be scanned for PII ("
              + b.reason()
              + ")]"
              + System.lineSeparator();
    };
  }
}
