package dev.sallyport.config;

import dev.sallyport.model.JsonNull;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A YAML node that knows its file and position, with strict accessors: each one either returns a
 * value of the asked type or throws a {@link ConfigException} naming file, line and key. Mappings
 * are read through {@link #fields}, which refuses keys that the reader did not declare.
 */
sealed class YamlNode permits YamlNode.KeyedYamlNode {
  /** Configuration files are small; anything larger is a mistake or an attack. */
  static final int MAX_FILE_BYTES = 1 << 20;

  /** Deeper nesting than any configuration needs; the composer recurses once per level. */
  static final int MAX_DEPTH = 32;

  private final String file;
  private final Node node;
  private final String path;

  private YamlNode(String file, Node node, String path) {
    this.file = file;
    this.node = node;
    this.path = path;
  }

  /** Parses one YAML document; the input must be UTF-8 and hold exactly one document. */
  static YamlNode parse(byte[] bytes, String displayName) throws ConfigException {
    if (bytes.length > MAX_FILE_BYTES) {
      throw new ConfigException(displayName, 1, 1, "file is larger than 1 MiB");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(displayName, 1, 1, "file is not valid UTF-8");
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(displayName)
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(20)
            .setCodePointLimit(MAX_FILE_BYTES)
            .setUseMarks(true)
            .build();
    try {
      checkShape(settings, text, displayName);
      List<Node> documents = new ArrayList<>();
      for (Node document : new Compose(settings).composeAllFromString(text)) {
        documents.add(document);
      }
      if (documents.isEmpty()) {
        throw new ConfigException(displayName, 1, 1, "file is empty");
      }
      if (documents.size() > 1) {
        throw at(displayName, documents.get(1), "only one YAML document is allowed per file");
      }
      return new YamlNode(displayName, documents.get(0), "");
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark();
      int line = mark.map(m -> m.getLine() + 1).orElse(1);
      int column = mark.map(m -> m.getColumn() + 1).orElse(1);
      throw new ConfigException(displayName, line, column, "invalid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ConfigException(displayName, 1, 1, "invalid YAML: " + firstLine(e.getMessage()));
    }
  }

  /**
   * Refuses what the composer cannot be trusted with, before it runs: anchors and aliases (a
   * self-referencing alias recurses without end, and aliases multiply a small file into millions of
   * values) and nesting deeper than {@link #MAX_DEPTH} (the composer recurses per level). The event
   * parser itself is iterative, so this walk is safe on any input.
   */
  private static void checkShape(LoadSettings settings, String text, String displayName)
      throws ConfigException {
    int depth = 0;
    for (Event event : new Parse(settings).parseString(text)) {
      boolean anchored = event instanceof NodeEvent node && node.getAnchor().isPresent();
      if (anchored || event.getEventId() == Event.ID.Alias) {
        throw atEvent(
            displayName, event, "anchors (&) and aliases (*) are not allowed in configuration");
      }
      switch (event.getEventId()) {
        case MappingStart, SequenceStart -> {
          if (++depth > MAX_DEPTH) {
            throw atEvent(displayName, event, "nested deeper than " + MAX_DEPTH + " levels");
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        default -> {}
      }
    }
  }

  private static ConfigException atEvent(String file, Event event, String message) {
    int line = event.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    int column = event.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    return new ConfigException(file, line, column, message);
  }

  String file() {
    return file;
  }

  int line() {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
  }

  int column() {
    return node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
  }

  /** A problem at this node. */
  ConfigException problem(String message) {
    String where = path.isEmpty() ? "" : "'" + path + "': ";
    return new ConfigException(file, line(), column(), where + message);
  }

  /** Reads this node as a mapping whose keys must all be among {@code allowed}. */
  Fields fields(Set<String> allowed) throws ConfigException {
    Map<String, YamlNode> values = entries();
    for (Map.Entry<String, YamlNode> entry : values.entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        List<String> sorted = new ArrayList<>(allowed);
        Collections.sort(sorted);
        throw entry
            .getValue()
            .keyProblem(
                "unknown key '"
                    + entry.getKey()
                    + "' (allowed: "
                    + String.join(", ", sorted)
                    + ")");
      }
    }
    return new Fields(this, values);
  }

  /** Whether this is a mapping (where a value may be written as a scalar or as a mapping). */
  boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** Reads this node as a mapping with keys of the caller's choosing (names of things). */
  Map<String, YamlNode> entries() throws ConfigException {
    if (!(node instanceof MappingNode mapping)) {
      throw problem("expected a mapping, found " + describe());
    }
    Map<String, YamlNode> values = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key) || !key.getTag().equals(Tag.STR)) {
        throw new YamlNode(file, tuple.getKeyNode(), path).problem("keys must be plain strings");
      }
      if (!seen.add(key.getValue())) {
        throw new YamlNode(file, key, path).problem("duplicate key '" + key.getValue() + "'");
      }
      String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
      values.put(key.getValue(), new KeyedYamlNode(file, tuple.getValueNode(), childPath, key));
    }
    return values;
  }

  List<YamlNode> list() throws ConfigException {
    if (!(node instanceof SequenceNode sequence)) {
      throw problem("expected a list, found " + describe());
    }
    List<YamlNode> items = new ArrayList<>();
    List<Node> values = sequence.getValue();
    for (int i = 0; i < values.size(); i++) {
      items.add(new YamlNode(file, values.get(i), path + "[" + i + "]"));
    }
    return items;
  }

  String string() throws ConfigException {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
      return scalar.getValue();
    }
    throw problem("expected a string, found " + describe());
  }

  String nonBlankString() throws ConfigException {
    String value = string();
    if (value.isBlank()) {
      throw problem("must not be blank");
    }
    return value;
  }

  List<String> strings() throws ConfigException {
    List<String> values = new ArrayList<>();
    for (YamlNode item : list()) {
      values.add(item.nonBlankString());
    }
    return values;
  }

  boolean bool() throws ConfigException {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
      // An explicit !!bool tag accepts any text; only true and false are booleans.
      return switch (scalar.getValue()) {
        case "true", "True", "TRUE" -> true;
        case "false", "False", "FALSE" -> false;
        default -> throw problem("expected true or false, found '" + scalar.getValue() + "'");
      };
    }
    throw problem("expected true or false, found " + describe());
  }

  long integer() throws ConfigException {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
      try {
        return Long.decode(scalar.getValue().replace("_", "").replace("0o", "0"));
      } catch (NumberFormatException e) {
        throw problem("integer out of range");
      }
    }
    throw problem("expected an integer, found " + describe());
  }

  /** The node as a JSON value: String, Long, Double, Boolean, JsonNull, List or Map. */
  Object json() throws ConfigException {
    if (node instanceof ScalarNode scalar) {
      Tag tag = scalar.getTag();
      String value = scalar.getValue();
      if (tag.equals(Tag.STR)) {
        return value;
      }
      if (tag.equals(Tag.BOOL)) {
        return bool();
      }
      if (tag.equals(Tag.NULL)) {
        return JsonNull.INSTANCE;
      }
      if (tag.equals(Tag.INT)) {
        return integer();
      }
      if (tag.equals(Tag.FLOAT)) {
        double d;
        try {
          d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw problem("expected a finite number, found '" + value + "'");
        }
        if (!Double.isFinite(d)) {
          throw problem("expected a finite number, found '" + value + "'");
        }
        return d;
      }
      throw problem("unsupported YAML tag " + tag);
    }
    if (node instanceof SequenceNode) {
      List<Object> values = new ArrayList<>();
      for (YamlNode item : list()) {
        values.add(item.json());
      }
      return values;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> entry : entries().entrySet()) {
      values.put(entry.getKey(), entry.getValue().json());
    }
    return values;
  }

  /** The scalar text of this node for an error message, or its kind when it is not a scalar. */
  String describeValue() {
    return node instanceof ScalarNode scalar ? scalar.getValue() : describe();
  }

  /** A problem about the key under which this node stands (for unknown keys). */
  ConfigException keyProblem(String message) {
    return problem(message);
  }

  private String describe() {
    if (node instanceof ScalarNode scalar) {
      Tag tag = scalar.getTag();
      if (tag.equals(Tag.STR)) {
        return "a string";
      }
      if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
        return "a number";
      }
      if (tag.equals(Tag.BOOL)) {
        return "a boolean";
      }
      if (tag.equals(Tag.NULL)) {
        return "nothing (null)";
      }
      return "a scalar";
    }
    return node instanceof SequenceNode ? "a list" : "a mapping";
  }

  private static ConfigException at(String file, Node node, String message) {
    return new YamlNode(file, node, "").problem(message);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A mapping value that reports key problems at its key's position. */
  private static final class KeyedYamlNode extends YamlNode {
    private final ScalarNode key;

    KeyedYamlNode(String file, Node node, String path, ScalarNode key) {
      super(file, node, path);
      this.key = key;
    }

    @Override
    ConfigException keyProblem(String message) {
      int line = key.getStartMark().map(m -> m.getLine() + 1).orElse(1);
      int column = key.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
      return new ConfigException(file(), line, column, message);
    }
  }

  /** The declared fields of one mapping. */
  static final class Fields {
    private final YamlNode owner;
    private final Map<String, YamlNode> values;

    private Fields(YamlNode owner, Map<String, YamlNode> values) {
      this.owner = owner;
      this.values = values;
    }

    YamlNode required(String key) throws ConfigException {
      YamlNode value = values.get(key);
      if (value == null) {
        throw owner.problem("missing required key '" + key + "'");
      }
      return value;
    }

    Optional<YamlNode> optional(String key) {
      return Optional.ofNullable(values.get(key));
    }

    boolean has(String key) {
      return values.containsKey(key);
    }
  }
}
