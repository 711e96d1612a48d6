package dev.sallyport.bench;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.EffectClass;
import java.util.List;

/**
 * One generated tool: its name, namespace, effect class and how many of its effect's argument
 * properties it declares.
 *
 * @param name namespaced tool name, for example {@code payments.purchase_payment}
 * @param namespace the part before the dot; also the connector and the role it belongs to
 * @param effect the operator's effect class
 * @param propertyCount 2 to 4: the first {@code propertyCount} of {@link #allProperties()}
 */
record ToolSpec(String name, String namespace, EffectClass effect, int propertyCount) {
  /** The first two properties are required, so rules may read them without {@code has()}. */
  static final int REQUIRED_PROPERTIES = 2;

  ToolSpec {
    requireNonNull(name, "name is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(effect, "effect is null");
    if (propertyCount < REQUIRED_PROPERTIES || propertyCount > 4) {
      throw new IllegalArgumentException("a tool declares 2 to 4 properties");
    }
  }

  /** The properties this tool declares, in schema order. */
  List<ArgumentProperty> properties() {
    return allProperties().subList(0, propertyCount);
  }

  boolean declares(String property) {
    return properties().stream().anyMatch(p -> p.name().equals(property));
  }

  /** The four properties a tool of this effect class may take, most important first. */
  List<ArgumentProperty> allProperties() {
    return switch (effect) {
      case READ ->
          List.of(
              ArgumentProperty.ID,
              new ArgumentProperty("limit", "{type: integer, minimum: 1, maximum: 500}"),
              new ArgumentProperty("query", "{type: string, maxLength: 200}"),
              new ArgumentProperty("include_archived", "{type: boolean}"));
      case WRITE ->
          List.of(
              ArgumentProperty.ID,
              new ArgumentProperty("priority", "{type: string, enum: [low, normal, high]}"),
              new ArgumentProperty("title", "{type: string, maxLength: 200}"),
              new ArgumentProperty("notify", "{type: boolean}"));
      case DESTRUCTIVE ->
          List.of(
              ArgumentProperty.ID,
              new ArgumentProperty("reason", "{type: string, maxLength: 500}"),
              new ArgumentProperty("force", "{type: boolean}"),
              new ArgumentProperty("ticket", "{type: string, maxLength: 40}"));
      case EXTERNAL_SEND ->
          List.of(
              new ArgumentProperty("to", "{type: string, maxLength: 254}"),
              new ArgumentProperty("subject", "{type: string, maxLength: 200}"),
              new ArgumentProperty("attachments", "{type: integer, minimum: 0, maximum: 20}"),
              new ArgumentProperty("body", "{type: string, maxLength: 20000}"));
      case SPEND ->
          List.of(
              new ArgumentProperty("amount", "{type: number, minimum: 0.01, maximum: 1000000}"),
              new ArgumentProperty("currency", "{type: string, enum: [EUR, USD, GBP, CHF]}"),
              new ArgumentProperty("vendor_id", "{type: string, maxLength: 40}"),
              new ArgumentProperty("reference", "{type: string, maxLength: 140}"));
    };
  }

  /**
   * One property of an arguments schema.
   *
   * @param name the property name
   * @param schema its JSON Schema as a YAML flow mapping
   */
  record ArgumentProperty(String name, String schema) {
    static final ArgumentProperty ID = new ArgumentProperty("id", "{type: string, maxLength: 40}");
  }
}
