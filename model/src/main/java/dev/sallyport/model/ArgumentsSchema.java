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
public record ArgumentsSchema(Map<String, Object> schema) {
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

  public ArgumentsSchema {
    schema = JsonValues.immutableObject(schema);
    List<String> problems = new ArrayList<>();
    checkSchema(schema, "", problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (!"object".equals(schema.get("type"))) {
      throw new IllegalArgumentException("the arguments schema must have type: object");
    }
  }

  /** The violations of {@code arguments}, each naming the JSON path; empty when valid. */
  public List<String> violations(Map<String, Object> arguments) {
    List<String> out = new ArrayList<>(0);
    check(schema, arguments, null, null, -1, out);
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
      Map<String, Object> node, Object value, At parent, String key, int index, List<String> out) {

    Object type = node.get("type");
    if (type instanceof String expected && !matchesType(expected, value)) {
      out.add(
          At.of(At.at(parent, key, index))
              + ": expected "
              + expected
              + ", got "
              + JsonValues.typeName(value));
      return;
    }
    if (node.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
      out.add(At.of(At.at(parent, key, index)) + ": not one of the allowed values");
    }
    if (value instanceof Map<?, ?> object) {
      checkObject(node, cast(object), At.at(parent, key, index), out);
    } else if (value instanceof List<?> list) {
      if (node.get("maxItems") instanceof Long max && list.size() > max) {
        out.add(At.of(At.at(parent, key, index)) + ": more than " + max + " items");
      }
      if (node.get("items") instanceof Map<?, ?> items) {
        At here = At.at(parent, key, index);
        for (int i = 0; i < list.size(); i++) {
          check(cast(items), list.get(i), here, null, i, out);
        }
      }
    } else if (value instanceof String s) {
      int length = s.codePointCount(0, s.length());
      if (node.get("minLength") instanceof Long min && length < min) {
        out.add(At.of(At.at(parent, key, index)) + ": shorter than " + min + " characters");
      }
      if (node.get("maxLength") instanceof Long max && length > max) {
        out.add(At.of(At.at(parent, key, index)) + ": longer than " + max + " characters");
      }
    } else if (value instanceof Long || value instanceof Double) {
      double number = ((Number) value).doubleValue();
      if (node.get("minimum") instanceof Number min && number < min.doubleValue()) {
        out.add(At.of(At.at(parent, key, index)) + ": below the minimum " + min);
      }
      if (node.get("maximum") instanceof Number max && number > max.doubleValue()) {
        out.add(At.of(At.at(parent, key, index)) + ": above the maximum " + max);
      }
    }
  }

  private static void checkObject(
      Map<String, Object> node, Map<String, Object> object, At path, List<String> out) {
    Map<String, Object> properties =
        node.get("properties") instanceof Map<?, ?> p ? cast(p) : Map.of();
    if (node.get("required") instanceof List<?> required) {
      for (Object name : required) {
        if (!object.containsKey(String.valueOf(name))) {
          out.add(At.of(At.child(path, String.valueOf(name))) + ": required");
        }
      }
    }
    boolean additional = !Boolean.FALSE.equals(node.get("additionalProperties"));
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      Object sub = properties.get(entry.getKey());
      if (sub instanceof Map<?, ?> subSchema) {
        check(cast(subSchema), entry.getValue(), path, entry.getKey(), -1, out);
      } else if (!additional) {
        out.add(At.of(At.child(path, entry.getKey())) + ": not allowed");
      }
    }
  }

  private static boolean matchesType(String expected, Object value) {
    return switch (expected) {
      case "number" -> value instanceof Long || value instanceof Double;
      case "integer" -> value instanceof Long || (value instanceof Double d && d == Math.rint(d));
      default -> expected.equals(JsonValues.typeName(value));
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
