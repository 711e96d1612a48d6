package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.mcp.MalformedJsonException;
import dev.sallyport.mcp.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The upstream MCP tool definitions an operator accepted, per Sallyport tool name, kept in {@code
 * tenants/ID/tool-pins.json} and written by {@code ./sallyport tools pin}. Each entry holds the
 * whole definition as accepted, so that {@code ./sallyport tools diff} can show what changed, and
 * its pin, which the loader checks against the definition: a hand-edited entry whose pin does not
 * match is refused, not trusted.
 */
public record ToolPins(Map<String, Accepted> byTool) {
  /** The file in a tenant's folder. */
  public static final String FILE = "tool-pins.json";

  public static final ToolPins NONE = new ToolPins(Map.of());

  /** One accepted definition and its pin. */
  public record Accepted(String pin, ToolDefinition definition) {
    public Accepted {
      requireNonNull(pin, "pin is null");
      requireNonNull(definition, "definition is null");
      if (!pin.equals(definition.pin())) {
        throw new IllegalArgumentException("the pin does not match the definition");
      }
    }

    public static Accepted of(ToolDefinition definition) {
      return new Accepted(definition.pin(), definition);
    }
  }

  public ToolPins {
    byTool = Map.copyOf(byTool);
  }

  public Optional<Accepted> find(String tool) {
    return Optional.ofNullable(byTool.get(tool));
  }

  /** These pins with {@code tool}'s replaced by {@code accepted}. */
  public ToolPins with(String tool, Accepted accepted) {
    Map<String, Accepted> copy = new LinkedHashMap<>(byTool);
    copy.put(tool, accepted);
    return new ToolPins(copy);
  }

  /** The file's content: tools in name order, so that a re-pin changes only its own lines. */
  public Map<String, Object> toJson() {
    Map<String, Object> pins = new TreeMap<>();
    byTool.forEach((tool, accepted) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("pin", accepted.pin());
      entry.put("definition", accepted.definition().definition());
      pins.put(tool, entry);
    });
    return Map.of("pins", pins);
  }

  /** Reads the file's parsed content; the YAML node locates problems. */
  static ToolPins read(YamlNode file, Set<String> mcpTools) throws ConfigException {
    YamlNode pins = file.fields(Set.of("pins")).required("pins");
    Map<String, Accepted> byTool = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : pins.entries().entrySet()) {
      if (!mcpTools.contains(e.getKey())) {
        throw e.getValue().problem("'" + e.getKey() + "' is not an MCP tool of this tenant");
      }
      YamlNode.Fields entry = e.getValue().fields(Set.of("pin", "definition"));
      ToolDefinition definition;
      try {
        definition = ToolDefinition.from(entry.required("definition").json());
      } catch (MalformedJsonException ex) {
        throw entry.required("definition").problem(ex.getMessage());
      }
      String pin = entry.required("pin").nonBlankString();
      if (!pin.equals(definition.pin())) {
        throw entry
            .required("pin")
            .problem(
                "the pin does not match the definition beside it; re-pin with ./sallyport tools"
                    + " pin");
      }
      byTool.put(e.getKey(), new Accepted(pin, definition));
    }
    return new ToolPins(byTool);
  }
}
