package dev.sallyport.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema subset that tool arguments are checked against before policy runs: {@code type},
 * {@code properties}, {@code required}, {@code additionalProperties} (boolean), {@code items},
 * {@code enum}, {@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength}, {@code
 * maxItems} and {@code description}. A schema that uses any other keyword is refused when it is
 * built, so a keyword that is not enforced can never look as if it were.
 */
public final class ArgumentsSchema {
  public static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "enum",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "maxItems",
          "description");
  private static final Set<String> TYPES =
      Set.of("object", "string", "integer", "number", "boolean", "array", "null");

  /** Accepts any object: used where a tool declares no schema. */
  public static final ArgumentsSchema ANY_OBJECT = new ArgumentsSchema(Map.of("type", "object"));

  private final Map<String, Object> schema;
  private final Node root;

  /**
   * Checks and compiles {@code schema}.
   *
   * @throws IllegalArgumentException naming every problem, when the schema uses an unsupported
   *     keyword, a keyword has a value of the wrong shape, or the root is not an object
   */
  public ArgumentsSchema(Map<String, Object> schema) {
    this.schema = JsonValues.immutableObject(schema);
    List<String> problems = new ArrayList<>();
    checkSchema(this.schema, "", problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (!"object".equals(this.schema.get("type"))) {
      throw new IllegalArgumentException("the arguments schema must have type: object");
    }
    this.root = Node.compile(this.schema);
  }

  /** The schema as written. */
  public Map<String, Object> schema() {
    return schema;
  }

  /** The violations of {@code arguments}, each naming the JSON path; empty when valid. */
  public List<String> violations(Map<String, Object> arguments) {
    List<String> out = new ArrayList<>(0);
    check(root, arguments, null, null, -1, out);
    return out;
  }

  private static void checkSchema(Map<String, Object> node, String path, List<String> problems) {
    for (Map.Entry<String, Object> entry : node.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      String at = path.isEmpty() ? key : path + "." + key;
      if (!KEYWORDS.contains(key)) {
        problems.add("unsupported schema keyword '" + at + "'");
        continue;
      }
      switch (key) {
        case "type" -> {
          if (!(value instanceof String s) || !TYPES.contains(s)) {
            problems.add("'" + at + "' must be one of " + TYPES);
          }
        }
        case "properties" -> {
          if (value instanceof Map<?, ?> props) {
            for (Map.Entry<?, ?> prop : props.entrySet()) {
              if (prop.getValue() instanceof Map<?, ?> sub) {
                checkSchema(cast(sub), at + "." + prop.getKey(), problems);
              } else {
                problems.add("'" + at + "." + prop.getKey() + "' must be a schema object");
              }
            }
          } else {
            problems.add("'" + at + "' must be an object");
          }
        }
        case "items" -> {
          if (value instanceof Map<?, ?> sub) {
            checkSchema(cast(sub), at, problems);
          } else {
            problems.add("'" + at + "' must be a schema object");
          }
        }
        case "required", "enum" -> {
          if (!(value instanceof List<?>)) {
            problems.add("'" + at + "' must be a list");
          }
        }
        case "additionalProperties" -> {
          if (!(value instanceof Boolean)) {
            problems.add("'" + at + "' must be true or false");
          }
        }
        case "minimum", "maximum" -> {
          if (!(value instanceof Long) && !(value instanceof Double)) {
            problems.add("'" + at + "' must be a number");
          }
        }
        case "minLength", "maxLength", "maxItems" -> {
          if (!(value instanceof Long l) || l < 0) {
            problems.add("'" + at + "' must be a non-negative integer");
          }
        }
        default -> {
          if (!(value instanceof String)) {
            problems.add("'" + at + "' must be a string");
          }
        }
      }
    }
  }

  /** A JSON Schema type, tested without string comparisons on the request path. */
  private enum JsonType {
    OBJECT,
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    ARRAY,
    NULL;

    final String schemaName = name().toLowerCase(java.util.Locale.ROOT);

    static JsonType of(String schemaName) {
      return valueOf(schemaName.toUpperCase(java.util.Locale.ROOT));
    }

    boolean accepts(Object value) {
      return switch (this) {
        case OBJECT -> value instanceof Map<?, ?>;
        case STRING -> value instanceof String;
        case INTEGER -> value instanceof Long || (value instanceof Double d && d == Math.rint(d));
        case NUMBER -> value instanceof Long || value instanceof Double;
        case BOOLEAN -> value instanceof Boolean;
        case ARRAY -> value instanceof List<?>;
        case NULL -> value instanceof JsonNull;
      };
    }
  }

  /**
   * One schema node, compiled when the catalogue loads so that checking arguments is field reads
   * rather than map look-ups; absent keywords are null.
   */
  private record Node(
      JsonType type,
      List<?> allowed,
      Map<String, Node> properties,
      List<String> required,
      boolean additionalAllowed,
      Node items,
      Long maxItems,
      Long minLength,
      Long maxLength,
      Number minimum,
      Number maximum) {

    static Node compile(Map<String, Object> schema) {
      Map<String, Node> properties = new java.util.LinkedHashMap<>();
      if (schema.get("properties") instanceof Map<?, ?> props) {
        for (Map.Entry<?, ?> prop : props.entrySet()) {
          properties.put((String) prop.getKey(), compile(cast((Map<?, ?>) prop.getValue())));
        }
      }
      List<String> required = new ArrayList<>();
      if (schema.get("required") instanceof List<?> names) {
        names.forEach(name -> required.add(String.valueOf(name)));
      }
      return new Node(
          schema.get("type") instanceof String t ? JsonType.of(t) : null,
          schema.get("enum") instanceof List<?> allowed ? allowed : null,
          Map.copyOf(properties),
          List.copyOf(required),
          !Boolean.FALSE.equals(schema.get("additionalProperties")),
          schema.get("items") instanceof Map<?, ?> items ? compile(cast(items)) : null,
          (Long) schema.get("maxItems"),
          (Long) schema.get("minLength"),
          (Long) schema.get("maxLength"),
          (Number) schema.get("minimum"),
          (Number) schema.get("maximum"));
    }
  }

  /**
   * Where a value sits in the arguments, built only when a violation names it: valid arguments, the
   * common case, cost no path strings.
   */
  private record At(At parent, String key, int index) {
    static At child(At parent, String key) {
      return new At(parent, key, -1);
    }

    /**
     * The path of a value under {@code parent}; allocated only when it is reported or descended.
     */
    static At at(At parent, String key, int index) {
      return key == null && index < 0 ? parent : new At(parent, key, index);
    }

    static String of(At at) {
      if (at == null) {
        return "$";
      }
      return of(at.parent) + (at.key != null ? "." + at.key : "[" + at.index + "]");
    }
  }

  /**
   * Checks {@code value}, which stands under {@code parent} at {@code key} (or list {@code index});
   * the root has neither. The path object is made only to recurse or to report.
   */
  private static void check(
      Node node, Object value, At parent, String key, int index, List<String> out) {
    if (node.type() != null && !node.type().accepts(value)) {
      out.add(
          At.of(At.at(parent, key, index))
              + ": expected "
              + node.type().schemaName
              + ", got "
              + JsonValues.typeName(value));
      return;
    }
    if (node.allowed() != null && !node.allowed().contains(value)) {
      out.add(At.of(At.at(parent, key, index)) + ": not one of the allowed values");
    }
    if (value instanceof Map<?, ?> object) {
      checkObject(node, cast(object), At.at(parent, key, index), out);
    } else if (value instanceof List<?> list) {
      if (node.maxItems() != null && list.size() > node.maxItems()) {
        out.add(At.of(At.at(parent, key, index)) + ": more than " + node.maxItems() + " items");
      }
      if (node.items() != null) {
        At here = At.at(parent, key, index);
        for (int i = 0; i < list.size(); i++) {
          check(node.items(), list.get(i), here, null, i, out);
        }
      }
    } else if (value instanceof String s) {
      if (node.minLength() != null || node.maxLength() != null) {
        int length = s.codePointCount(0, s.length());
        if (node.minLength() != null && length < node.minLength()) {
          out.add(
              At.of(At.at(parent, key, index))
                  + ": shorter than "
                  + node.minLength()
                  + " characters");
        }
        if (node.maxLength() != null && length > node.maxLength()) {
          out.add(
              At.of(At.at(parent, key, index))
                  + ": longer than "
                  + node.maxLength()
                  + " characters");
        }
      }
    } else if (value instanceof Long || value instanceof Double) {
      double number = ((Number) value).doubleValue();
      if (node.minimum() != null && number < node.minimum().doubleValue()) {
        out.add(At.of(At.at(parent, key, index)) + ": below the minimum " + node.minimum());
      }
      if (node.maximum() != null && number > node.maximum().doubleValue()) {
        out.add(At.of(At.at(parent, key, index)) + ": above the maximum " + node.maximum());
      }
    }
  }

  private static void checkObject(
      Node node, Map<String, Object> object, At path, List<String> out) {
    for (String name : node.required()) {
      if (!object.containsKey(name)) {
        out.add(At.of(At.child(path, name)) + ": required");
      }
    }
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      Node sub = node.properties().get(entry.getKey());
      if (sub != null) {
        check(sub, entry.getValue(), path, entry.getKey(), -1, out);
      } else if (!node.additionalAllowed()) {
        out.add(At.of(At.child(path, entry.getKey())) + ": not allowed");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ArgumentsSchema that && schema.equals(that.schema);
  }

  @Override
  public int hashCode() {
    return schema.hashCode();
  }

  @Override
  public String toString() {
    return "ArgumentsSchema" + schema;
  }
}
