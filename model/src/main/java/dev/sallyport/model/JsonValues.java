package dev.sallyport.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java shape of JSON values inside tool arguments: {@link String}, {@link Long}, {@link
 * Double}, {@link Boolean}, {@link JsonNull}, {@code List<Object>} and {@code Map<String, Object>}.
 * Every value that enters the model is checked and deep-copied here, so arguments are immutable and
 * of a known shape everywhere downstream.
 */
public final class JsonValues {
  private JsonValues() {}

  /** Returns an immutable deep copy, or throws if a value is not of a JSON shape. */
  public static Map<String, Object> immutableObject(Map<String, ?> object) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : object.entrySet()) {
      if (entry.getKey() == null) {
        throw new IllegalArgumentException("JSON object key is null");
      }
      copy.put(entry.getKey(), immutableValue(entry.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Returns an immutable deep copy of one JSON value. */
  public static Object immutableValue(Object value) {
    return switch (value) {
      case null -> JsonNull.INSTANCE;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Double d -> finite(d);
      case Float f -> finite(f.doubleValue());
      case BigDecimal d -> finite(d.doubleValue());
      case JsonNull n -> n;
      case Map<?, ?> m -> immutableObject(castObject(m));
      case List<?> list -> {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object item : list) {
          copy.add(immutableValue(item));
        }
        yield Collections.unmodifiableList(copy);
      }
      default ->
          throw new IllegalArgumentException(
              "not a JSON value: " + value.getClass().getSimpleName());
    };
  }

  private static Double finite(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("JSON numbers must be finite");
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> castObject(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw new IllegalArgumentException("JSON object keys must be strings");
      }
    }
    return (Map<String, ?>) map;
  }

  /** The JSON type name of a value, as JSON Schema names it. */
  public static String typeName(Object value) {
    return switch (value) {
      case String s -> "string";
      case Boolean b -> "boolean";
      case Long l -> "integer";
      case Double d -> "number";
      case JsonNull n -> "null";
      case Map<?, ?> m -> "object";
      case List<?> l -> "array";
      default -> "unknown";
    };
  }
}
