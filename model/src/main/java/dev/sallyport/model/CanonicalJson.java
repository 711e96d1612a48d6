package dev.sallyport.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON bytes after RFC 8785 (JSON Canonicalization Scheme): object members sorted by
 * their UTF-16 code units, no insignificant white space, ECMAScript number formatting, minimal
 * string escaping. Two equal argument maps always give the same bytes, so their digest binds
 * approvals, grants and ledger entries to exactly one call.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static byte[] bytes(Object value) {
    StringBuilder out = new StringBuilder(128);
    write(JsonValues.immutableValue(value), out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static String string(Object value) {
    return new String(bytes(value), StandardCharsets.UTF_8);
  }

  /** Lowercase hex SHA-256 of the canonical bytes of {@code value}. */
  public static String sha256Hex(Object value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(value)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static void write(Object value, StringBuilder out) {
    switch (value) {
      case String s -> writeString(s, out);
      case Boolean b -> out.append(b.booleanValue());
      case Long l -> out.append(l.longValue());
      case Double d -> out.append(formatNumber(d));
      case JsonNull n -> out.append("null");
      case Map<?, ?> map -> {
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
          keys.add((String) key);
        }
        keys.sort(String::compareTo); // String.compareTo orders by UTF-16 code units, as JCS asks
        out.append('{');
        boolean first = true;
        for (String key : keys) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeString(key, out);
          out.append(':');
          write(map.get(key), out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      }
      default ->
          throw new IllegalArgumentException(
              "not a JSON value: " + value.getClass().getSimpleName());
    }
  }

  /** ECMAScript Number.prototype.toString, which RFC 8785 adopts for numbers. */
  static String formatNumber(double d) {
    if (d == 0) {
      return "0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return Long.toString((long) d);
    }
    // Since JDK 19, Double.toString yields the shortest round-tripping digits, as ECMAScript does.
    String java = Double.toString(Math.abs(d));
    String digits;
    int exponent;
    int e = java.indexOf('E');
    String mantissa = e < 0 ? java : java.substring(0, e);
    int pointExponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
    int point = mantissa.indexOf('.');
    String intPart = mantissa.substring(0, point);
    String fracPart = mantissa.substring(point + 1);
    if (fracPart.equals("0")) {
      fracPart = "";
    }
    String all = intPart + fracPart;
    int leadingZeros = 0;
    while (leadingZeros < all.length() - 1 && all.charAt(leadingZeros) == '0') {
      leadingZeros++;
    }
    digits = all.substring(leadingZeros);
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    // n is the position of the decimal point relative to the digits, as in ECMA-262 7.1.12.1.
    exponent = intPart.length() - leadingZeros + pointExponent;
    int k = digits.length();
    int n = exponent;
    StringBuilder out = new StringBuilder(24);
    if (d < 0) {
      out.append('-');
    }
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return out.toString();
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
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
