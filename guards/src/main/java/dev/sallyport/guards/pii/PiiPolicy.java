package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Which action applies to which entity type at which destination ({@code model}, {@code
 * operator_log}, {@code tool:email.send}, …). Resolution: the destination's entry for the type,
 * else the type's default, else {@code otherwise}. Types nobody mentioned are redacted unless the
 * operator says otherwise: a new detector never silently lets its findings through.
 *
 * @param otherwise the action for types and destinations without an entry
 * @param byType per-type defaults
 * @param byDestination per-destination overrides
 */
public record PiiPolicy(
    PiiAction otherwise,
    Map<EntityType, PiiAction> byType,
    Map<String, Map<EntityType, PiiAction>> byDestination) {

  public PiiPolicy {
    requireNonNull(otherwise, "otherwise is null");
    byType = Map.copyOf(requireNonNull(byType, "byType is null"));
    requireNonNull(byDestination, "byDestination is null");
    byDestination =
        byDestination.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
  }

  /** Redact every finding everywhere. */
  public static PiiPolicy redactAll() {
    return new PiiPolicy(PiiAction.REDACT, Map.of(), Map.of());
  }

  public PiiAction action(EntityType type, String destination) {
    Map<EntityType, PiiAction> overrides = byDestination.get(destination);
    if (overrides != null && overrides.containsKey(type)) {
      return overrides.get(type);
    }
    return byType.getOrDefault(type, otherwise);
  }
}
