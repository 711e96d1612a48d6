package dev.sallyport.gateway.approval;

import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.pii.PiiGuard;
import dev.sallyport.guards.pii.PiiOutcome;
import dev.sallyport.guards.pii.PiiPolicy;
import dev.sallyport.guards.pii.RedactionSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments as approvers see them: every string passes the PII and secret detectors and
 * findings become typed placeholders ({@code [IBAN_CODE_1]}), consistent within one approval, so
 * that an approver can still tell two different accounts apart. The held call keeps the exact
 * values and the page shows their digest, so approving the redacted view approves exactly them.
 */
final class ApproverView {
  /** The destination name the PII policy sees for approval pages and notices. */
  static final String DESTINATION = "approvers";

  private final PiiGuard guard = new PiiGuard(BuiltInDetectors.scanner(), PiiPolicy.redactAll());

  Map<String, Object> of(Map<String, Object> arguments) {
    RedactionSession session = new RedactionSession();
    Map<String, Object> out = new LinkedHashMap<>();
    arguments.forEach((key, value) -> out.put(key, redact(value, session)));
    return out;
  }

  private Object redact(Object value, RedactionSession session) {
    return switch (value) {
      case String text ->
          switch (guard.apply(text, DESTINATION, session)) {
            case PiiOutcome.Passed p -> p.text();
            case PiiOutcome.Warned w -> w.text();
            case PiiOutcome.Redacted r -> r.text();
            case PiiOutcome.Blocked b -> "[withheld]";
          };
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), redact(v, session)));
        yield out;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(redact(v, session)));
        yield out;
      }
      default -> value;
    };
  }
}
