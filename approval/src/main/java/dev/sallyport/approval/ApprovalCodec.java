package dev.sallyport.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.JsonValues;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Approvals and votes as canonical JSON, the form stores keep them in. Reading is strict: a row
 * that does not decode is an error, never a half-read approval.
 */
public final class ApprovalCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApprovalCodec() {}

  public static String encode(ApprovalRequest r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("v", 2L);
    out.put("id", r.id());
    out.put("call", encodeCall(r.call()));
    r.agentOwner().ifPresent(owner -> out.put("agent_owner", owner));
    out.put("shown_args", r.shownArguments());
    out.put("policy_version", r.policyVersion());
    out.put("rules", r.ruleIds());
    out.put("reason", r.reason());
    List<Object> approvers = new ArrayList<>();
    for (ApproverRule rule : r.approvers()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", rule.name());
      a.put("groups", List.copyOf(new TreeSet<>(rule.idpGroups())));
      a.put("users", List.copyOf(new TreeSet<>(rule.users())));
      a.put("quorum", (long) rule.quorum());
      a.put("separation_of_duties", rule.separationOfDuties());
      approvers.add(a);
    }
    out.put("approvers", approvers);
    out.put("created_at", r.createdAt().toString());
    out.put("expires_at", r.expiresAt().toString());
    out.put("nonce", r.nonce());
    return CanonicalJson.string(out);
  }

  private static Map<String, Object> encodeCall(ToolCall call) {
    Map<String, Object> principal = new LinkedHashMap<>();
    principal.put("tenant", call.tenant().value());
    principal.put("id", call.principal().id());
    principal.put("kind", call.principal().kind().configName());
    principal.put("roles", List.copyOf(new TreeSet<>(call.principal().roles())));
    principal.put("groups", List.copyOf(new TreeSet<>(call.principal().groups())));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("action", call.actionId());
    out.put("principal", principal);
    out.put("tool", call.toolName());
    out.put("args", call.arguments());
    out.put("session", call.sessionId());
    out.put("requested_at", call.requestedAt().toString());
    return out;
  }

  public static ApprovalRequest decodeRequest(String json) {
    JsonNode n = read(json);
    if (required(n, "v").asLong() != 2L) {
      throw new IllegalArgumentException("stored approval has an unknown version");
    }
    List<ApproverRule> approvers = new ArrayList<>();
    for (JsonNode a : array(n, "approvers")) {
      approvers.add(
          new ApproverRule(
              text(a, "name"),
              strings(a, "groups"),
              strings(a, "users"),
              required(a, "quorum").intValue(),
              required(a, "separation_of_duties").booleanValue()));
    }
    List<String> rules = new ArrayList<>();
    for (JsonNode rule : array(n, "rules")) {
      rules.add(rule.textValue());
    }
    return new ApprovalRequest(
        text(n, "id"),
        decodeCall(required(n, "call")),
        n.hasNonNull("agent_owner") ? Optional.of(text(n, "agent_owner")) : Optional.empty(),
        object(n, "shown_args"),
        text(n, "policy_version"),
        rules,
        text(n, "reason"),
        approvers,
        Instant.parse(text(n, "created_at")),
        Instant.parse(text(n, "expires_at")),
        text(n, "nonce"));
  }

  private static ToolCall decodeCall(JsonNode n) {
    JsonNode p = required(n, "principal");
    PrincipalKind kind =
        switch (text(p, "kind")) {
          case "agent" -> PrincipalKind.AGENT;
          case "human" -> PrincipalKind.HUMAN;
          default -> throw new IllegalArgumentException("stored approval: unknown principal kind");
        };
    Principal principal =
        new Principal(
            TenantId.of(text(p, "tenant")),
            text(p, "id"),
            kind,
            strings(p, "roles"),
            strings(p, "groups"));
    return new ToolCall(
        text(n, "action"),
        principal,
        text(n, "tool"),
        object(n, "args"),
        text(n, "session"),
        Instant.parse(text(n, "requested_at")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isObject()) {
      throw new IllegalArgumentException("stored approval: " + field + " is not an object");
    }
    return JsonValues.immutableObject(JSON.convertValue(value, Map.class));
  }

  public static String encode(Vote v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("approver", v.approverId());
    out.put("name", v.approverName());
    out.put("groups", List.copyOf(new TreeSet<>(v.approverGroups())));
    out.put("verdict", v.verdict().wireName());
    v.reason().ifPresent(reason -> out.put("reason", reason));
    out.put("at", v.at().toString());
    return CanonicalJson.string(out);
  }

  public static Vote decodeVote(String json) {
    JsonNode n = read(json);
    Verdict verdict =
        switch (text(n, "verdict")) {
          case "approve" -> Verdict.APPROVE;
          case "reject" -> Verdict.REJECT;
          default -> throw new IllegalArgumentException("unknown verdict");
        };
    return new Vote(
        text(n, "approver"),
        text(n, "name"),
        strings(n, "groups"),
        verdict,
        n.hasNonNull("reason") ? Optional.of(text(n, "reason")) : Optional.empty(),
        Instant.parse(text(n, "at")));
  }

  private static JsonNode read(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("stored approval is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored approval is not JSON", e);
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("stored approval lacks " + field);
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("stored approval: " + field + " is not text");
    }
    return value.textValue();
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isArray()) {
      throw new IllegalArgumentException("stored approval: " + field + " is not a list");
    }
    return value;
  }

  private static Set<String> strings(JsonNode node, String field) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode item : array(node, field)) {
      out.add(item.textValue());
    }
    return out;
  }
}
