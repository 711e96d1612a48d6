package dev.sallyport.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.JsonValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tool as an upstream MCP server defines it in {@code tools/list}. What an agent's model reads
 * (the description, the schema) can steer it, so the whole definition is pinned: {@link #pin()}
 * hashes every member that reaches the agent, and a definition whose pin differs from the accepted
 * one is quarantined. The upstream's annotations are part of the pin but never decide anything: the
 * effect class is the operator's.
 *
 * @param name the upstream's name for the tool
 * @param definition the whole definition as received (name, title, description, inputSchema,
 *     outputSchema, annotations, _meta, icons...)
 */
public record ToolDefinition(String name, Map<String, Object> definition) {
  public ToolDefinition {
    requireNonNull(name, "name is null");
    definition = JsonValues.immutableObject(definition);
  }

  /**
   * A definition from one entry of an upstream's {@code tools/list} result.
   *
   * @throws MalformedJsonException if it has no string name or its members have the wrong types
   */
  public static ToolDefinition from(Object entry) throws MalformedJsonException {
    if (!(entry instanceof Map<?, ?> map)) {
      throw new MalformedJsonException("a tool is a JSON object");
    }
    if (!(map.get("name") instanceof String name) || name.isBlank() || name.length() > 128) {
      throw new MalformedJsonException("a tool needs a name of 1 to 128 characters");
    }
    if (map.containsKey("description") && !(map.get("description") instanceof String)) {
      throw new MalformedJsonException("tool '" + name + "': description must be a string");
    }
    if (!(map.get("inputSchema") instanceof Map<?, ?>)) {
      throw new MalformedJsonException("tool '" + name + "': inputSchema must be an object");
    }
    if (map.containsKey("annotations") && !(map.get("annotations") instanceof Map<?, ?>)) {
      throw new MalformedJsonException("tool '" + name + "': annotations must be an object");
    }
    Map<String, Object> definition = new LinkedHashMap<>();
    map.forEach((k, v) -> definition.put(String.valueOf(k), v));
    return new ToolDefinition(name, definition);
  }

  public String description() {
    return definition.get("description") instanceof String s ? s : "";
  }

  /** The JSON Schema of the arguments. */
  public Map<String, Object> inputSchema() {
    @SuppressWarnings("unchecked")
    Map<String, Object> schema = (Map<String, Object>) definition.get("inputSchema");
    return schema;
  }

  public Optional<Object> member(String member) {
    return Optional.ofNullable(definition.get(member));
  }

  /** The RFC 8785 canonical JSON of the whole definition: what {@link #pin()} hashes. */
  public String canonical() {
    return dev.sallyport.model.CanonicalJson.string(definition);
  }

  /** {@code sha256:} and the hex SHA-256 of {@link #canonical()}. */
  public String pin() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
