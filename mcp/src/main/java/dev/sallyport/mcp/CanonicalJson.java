package dev.sallyport.mcp;

import dev.sallyport.model.JsonNull;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling for each JSON value, so that equal definitions hash equally: object members sorted
 * by key (UTF-16 order, as RFC 8785), no insignificant white space, strings escaped minimally,
 * integers in decimal and other numbers in Java's shortest round-trip form.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The one spelling of {@code value}, a JSON value as {@link StrictJson} returns them. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case JsonNull n -> out.append("null");
      case Boolean b -> out.append(b);
      case Long l -> out.append(l);
      case Integer i -> out.append(i);
      case Double d -> {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          out.append(d.longValue());
        } else {
          out.append(d);
        }
      }
      case String s -> string(out, s);
      case Map<?, ?> map -> {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, e.getKey());
          out.append(':');
          append(out, e.getValue());
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, list.get(i));
        }
        out.append(']');
      }
      default ->
          throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
