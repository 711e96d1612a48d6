package dev.sallyport.ledger;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One thing that happened, as written to a tenant's audit log. Events carry a digest of the
 * arguments, never the raw payload.
 *
 * @param id time-ordered event id (UUIDv7)
 * @param tenant the tenant whose log this event belongs to
 * @param time when it happened, from the injected clock
 * @param type what happened: {@code decision}, {@code action.dispatched}, {@code action.result},
 *     {@code config.loaded}, ...
 * @param actor the principal id, or {@code system}
 * @param tool the tool concerned, or empty
 * @param argumentsDigest SHA-256 hex of the canonical arguments, or empty
 * @param outcome short outcome: {@code allow}, {@code deny}, {@code ok}, {@code error}, ...
 * @param reason stable reason code
 * @param ruleIds the rules that produced a decision
 * @param actionId the action this event is about, or empty
 * @param detail what a reviewer needs beyond the reason, already redacted (for example the request
 *     a dry run would have sent, argument values replaced by their names), or empty. Written only
 *     when present, so events without it keep their canonical bytes.
 */
public record AuditEvent(
    String id,
    TenantId tenant,
    Instant time,
    String type,
    String actor,
    Optional<String> tool,
    Optional<String> argumentsDigest,
    String outcome,
    String reason,
    List<String> ruleIds,
    Optional<String> actionId,
    Optional<String> detail) {
  /** Bumped whenever the canonical form changes; verifiers read it from every entry. */
  public static final int SCHEMA_VERSION = 1;

  public AuditEvent {
    requireNonNull(id, "id is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(time, "time is null");
    requireNonNull(type, "type is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(argumentsDigest, "argumentsDigest is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(actionId, "actionId is null");
    requireNonNull(detail, "detail is null");
    ruleIds = List.copyOf(ruleIds);
    if (type.isBlank()) {
      throw new IllegalArgumentException("event type is blank");
    }
  }

  /** An event without a detail. */
  public AuditEvent(
      String id,
      TenantId tenant,
      Instant time,
      String type,
      String actor,
      Optional<String> tool,
      Optional<String> argumentsDigest,
      String outcome,
      String reason,
      List<String> ruleIds,
      Optional<String> actionId) {
    this(
        id,
        tenant,
        time,
        type,
        actor,
        tool,
        argumentsDigest,
        outcome,
        reason,
        ruleIds,
        actionId,
        Optional.empty());
  }

  /** The event as a JSON object, in the field names of the published schema. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("v", SCHEMA_VERSION);
    json.put("id", id);
    json.put("tenant", tenant.value());
    json.put("time", time.toString());
    json.put("type", type);
    json.put("actor", actor);
    tool.ifPresent(t -> json.put("tool", t));
    argumentsDigest.ifPresent(d -> json.put("args_sha256", d));
    json.put("outcome", outcome);
    json.put("reason", reason);
    json.put("rules", ruleIds);
    actionId.ifPresent(a -> json.put("action_id", a));
    detail.ifPresent(d -> json.put("detail", d));
    return json;
  }

  /** RFC 8785 canonical bytes: what the ledger hashes. */
  public byte[] canonicalBytes() {
    return CanonicalJson.bytes(toJson());
  }

  /** Reads an event back from its JSON form; throws on any missing or mistyped field. */
  public static AuditEvent fromJson(Map<String, Object> json) {
    Object version = json.get("v");
    if (!(version instanceof Long v) || v != SCHEMA_VERSION) {
      throw new IllegalArgumentException("unsupported event schema version: " + version);
    }
    return new AuditEvent(
        text(json, "id"),
        TenantId.of(text(json, "tenant")),
        Instant.parse(text(json, "time")),
        text(json, "type"),
        text(json, "actor"),
        optionalText(json, "tool"),
        optionalText(json, "args_sha256"),
        text(json, "outcome"),
        text(json, "reason"),
        texts(json, "rules"),
        optionalText(json, "action_id"),
        optionalText(json, "detail"));
  }

  @Override
  public String toString() {
    return new String(canonicalBytes(), StandardCharsets.UTF_8);
  }

  private static String text(Map<String, Object> json, String key) {
    if (json.get(key) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("event field '" + key + "' is missing or not a string");
  }

  private static Optional<String> optionalText(Map<String, Object> json, String key) {
    return json.containsKey(key) ? Optional.of(text(json, key)) : Optional.empty();
  }

  private static List<String> texts(Map<String, Object> json, String key) {
    if (json.get(key) instanceof List<?> list) {
      return list.stream()
          .map(item -> {
            if (item instanceof String s) {
              return s;
            }
            throw new IllegalArgumentException("event field '" + key + "' has a non-string");
          })
          .toList();
    }
    throw new IllegalArgumentException("event field '" + key + "' is missing or not a list");
  }
}
