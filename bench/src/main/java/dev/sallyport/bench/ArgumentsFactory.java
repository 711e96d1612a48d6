package dev.sallyport.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the arguments of a generated call from its tool and {@link Scenario}: values for all four
 * properties of the tool's effect class, trimmed to the ones the tool declares.
 */
final class ArgumentsFactory {

  Map<String, Object> arguments(ToolSpec tool, Scenario scenario, int n) {
    Map<String, Object> all = allFour(tool, scenario, n);
    Map<String, Object> declared = new LinkedHashMap<>();
    for (ToolSpec.ArgumentProperty property : tool.properties()) {
      declared.put(property.name(), all.get(property.name()));
    }
    return declared;
  }

  private static Map<String, Object> allFour(ToolSpec tool, Scenario s, int n) {
    Map<String, Object> a = new LinkedHashMap<>();
    switch (tool.effect()) {
      case READ -> {
        a.put("id", (s == Scenario.FORBID ? "restricted-" : "rec-") + n);
        a.put(
            "limit",
            switch (s) {
              case APPROVAL -> 450L;
              case NO_PERMIT -> 300L;
              case INVALID -> "many";
              default -> 50L;
            });
        a.put("query", "open items this quarter");
        a.put("include_archived", false);
      }
      case WRITE -> {
        a.put("id", (s == Scenario.FORBID ? "legal-hold-" : "rec-") + n);
        a.put(
            "priority",
            switch (s) {
              case APPROVAL, NO_PERMIT -> "high";
              case INVALID -> "urgent";
              default -> "normal";
            });
        a.put("title", "Quarterly update " + n);
        a.put("notify", false);
      }
      case DESTRUCTIVE -> {
        a.put(
            "id",
            switch (s) {
              case APPROVAL -> "usr-" + n;
              case FORBID -> "adm-" + n;
              default -> "tmp-" + n;
            });
        a.put(
            "reason",
            switch (s) {
              case NO_PERMIT -> "bye";
              case INVALID -> 42L;
              default -> "left the company in March";
            });
        a.put("force", false);
        a.put("ticket", "T-" + n);
      }
      case EXTERNAL_SEND -> {
        a.put(
            "to",
            switch (s) {
              case FORBID -> "someone@Mailinator.com";
              case NO_PERMIT -> "someone@gmail.com";
              case INVALID -> "x".repeat(300) + "@customer.example";
              default -> "buyer" + n + "@customer.example";
            });
        a.put("subject", s == Scenario.APPROVAL ? "URGENT wire transfer" : "Your invoice " + n);
        a.put("attachments", s == Scenario.APPROVAL ? 5L : 1L);
        a.put("body", "Dear customer, please find your invoice attached.");
      }
      case SPEND -> {
        a.put(
            "amount",
            switch (s) {
              case APPROVAL -> 7500.0;
              case INVALID -> -5L;
              default -> 120.5;
            });
        a.put("currency", s == Scenario.NO_PERMIT ? "USD" : "EUR");
        a.put("vendor_id", (s == Scenario.FORBID ? "sanctioned-" : "V-") + n);
        a.put("reference", "INV-" + n);
      }
    }
    return a;
  }
}
