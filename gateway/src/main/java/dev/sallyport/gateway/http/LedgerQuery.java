package dev.sallyport.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parameters of one ledger endpoint, read from the raw (still percent-encoded) query string and
 * checked against the latest signed tree size, so that every answer can be checked against a signed
 * root. Pure: no HTTP and no I/O, so it can be fuzzed on its own ({@code LedgerQueryFuzzTest}).
 *
 * <p>Each parameter must appear exactly once and be a canonical decimal: ASCII digits, no sign, no
 * leading zero unless the value is {@code 0} (the "decimal" of docs/ledger.md). Other parameters
 * are ignored. A query that is not valid percent-encoded UTF-8 is refused as a whole.
 */
sealed interface LedgerQuery {
  /** The most entries one {@code entries} request returns. */
  int MAX_ENTRIES = 1000;

  /** {@code GET /v1/ledger/entries?start=&end=}: entries {@code [start, end)}. */
  record Entries(long start, long end) implements LedgerQuery {
    public Entries {
      if (start < 0 || end < start || end - start > MAX_ENTRIES) {
        throw new IllegalArgumentException("not an entries range: " + start + ".." + end);
      }
    }
  }

  /** {@code GET /v1/ledger/proof/inclusion?index=&size=}. */
  record Inclusion(long index, long size) implements LedgerQuery {
    public Inclusion {
      if (index < 0 || index >= size) {
        throw new IllegalArgumentException("not an inclusion query: " + index + " in " + size);
      }
    }
  }

  /** {@code GET /v1/ledger/proof/consistency?from=&to=}; never from the empty tree. */
  record Consistency(long from, long to) implements LedgerQuery {
    public Consistency {
      if (from < 1 || to < from) {
        throw new IllegalArgumentException("not a consistency query: " + from + " to " + to);
      }
    }
  }

  /** {@code GET /v1/ledger/receipt?index=}: against the latest checkpoint, of {@code size}. */
  record Receipt(long index, long size) implements LedgerQuery {
    public Receipt {
      if (index < 0 || index >= size) {
        throw new IllegalArgumentException("not a receipt query: " + index + " in " + size);
      }
    }
  }

  /** The endpoints that take parameters, by their path below {@code /v1/ledger/}. */
  enum Endpoint {
    ENTRIES("entries"),
    INCLUSION("proof/inclusion"),
    CONSISTENCY("proof/consistency"),
    RECEIPT("receipt");

    private final String path;

    Endpoint(String path) {
      this.path = path;
    }

    String path() {
      return path;
    }

    static Optional<Endpoint> of(String path) {
      for (Endpoint endpoint : values()) {
        if (endpoint.path.equals(path)) {
          return Optional.of(endpoint);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Parses the query of {@code endpoint}.
   *
   * @param rawQuery the query string as sent, percent-encoded, without {@code ?}; null when absent
   * @param signedSize the size of the latest signed checkpoint, 0 when there is none
   * @throws MalformedRequestException naming the parameter, with a message safe to show the caller
   */
  static LedgerQuery parse(Endpoint endpoint, String rawQuery, long signedSize)
      throws MalformedRequestException {
    if (signedSize < 0) {
      throw new IllegalArgumentException("signedSize is negative");
    }
    Map<String, List<String>> query = Decoding.decode(rawQuery == null ? "" : rawQuery);
    return switch (endpoint) {
      case ENTRIES -> {
        long start = Decoding.number(query, "start", 0, signedSize);
        long limit = start > signedSize - MAX_ENTRIES ? signedSize : start + MAX_ENTRIES;
        yield new Entries(start, Decoding.number(query, "end", start, limit));
      }
      case INCLUSION -> {
        Decoding.requireCheckpoint(signedSize);
        long size = Decoding.number(query, "size", 1, signedSize);
        yield new Inclusion(Decoding.number(query, "index", 0, size - 1), size);
      }
      case CONSISTENCY -> {
        Decoding.requireCheckpoint(signedSize);
        long to = Decoding.number(query, "to", 1, signedSize);
        yield new Consistency(Decoding.number(query, "from", 1, to), to);
      }
      case RECEIPT -> {
        Decoding.requireCheckpoint(signedSize);
        yield new Receipt(Decoding.number(query, "index", 0, signedSize - 1), signedSize);
      }
    };
  }

  /** How a query string becomes parameters, and a parameter a number. */
  final class Decoding {
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    private Decoding() {}

    static void requireCheckpoint(long signedSize) throws MalformedRequestException {
      if (signedSize == 0) {
        throw new MalformedRequestException("the ledger has no signed checkpoint yet");
      }
    }

    /** A required parameter, once, canonical decimal, within {@code [min, max]}. */
    static long number(Map<String, List<String>> query, String name, long min, long max)
        throws MalformedRequestException {
      List<String> values = query.getOrDefault(name, List.of());
      if (values.size() != 1) {
        throw new MalformedRequestException("'" + name + "' is required once");
      }
      String text = values.get(0);
      if (!DECIMAL.matcher(text).matches()) {
        throw new MalformedRequestException(
            "'" + name + "' must be a non-negative decimal integer without leading zeros");
      }
      long value;
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        // 19 digits beyond 2^63 - 1: too large, like any other value above max.
        throw new MalformedRequestException(
            "'" + name + "' must be between " + min + " and " + max);
      }
      if (value < min || value > max) {
        throw new MalformedRequestException(
            "'" + name + "' must be between " + min + " and " + max);
      }
      return value;
    }

    /**
     * {@code application/x-www-form-urlencoded} decoding (WHATWG URL): {@code &} separates pairs,
     * the first {@code =} splits name from value, {@code +} is a space, {@code %XX} a byte; the
     * bytes must be UTF-8. Empty pairs are skipped.
     */
    static Map<String, List<String>> decode(String rawQuery) throws MalformedRequestException {
      Map<String, List<String>> parameters = new HashMap<>();
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = component(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : component(pair.substring(equals + 1));
        parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
      return parameters;
    }

    private static String component(String encoded) throws MalformedRequestException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
      for (int i = 0; i < encoded.length(); i++) {
        char c = encoded.charAt(i);
        if (c == '%') {
          int high = i + 1 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
          int low = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
          // Character.digit also takes non-ASCII digits; only 0-9, A-F and a-f are hex here.
          if (high < 0 || low < 0 || encoded.charAt(i + 1) > 'f' || encoded.charAt(i + 2) > 'f') {
            throw new MalformedRequestException("the query string is not validly percent-encoded");
          }
          bytes.write(high << 4 | low);
          i += 2;
        } else if (c == '+') {
          bytes.write(' ');
        } else if (c < 0x80) {
          bytes.write(c);
        } else if (!Character.isSurrogate(c)) {
          // Not URL-safe, but some clients send it raw: take it as the UTF-8 it stands for.
          bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < encoded.length()
            && Character.isLowSurrogate(encoded.charAt(i + 1))) {
          bytes.writeBytes(encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
          i++;
        } else {
          throw new MalformedRequestException("the query string is not valid UTF-8");
        }
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes.toByteArray()))
            .toString();
      } catch (CharacterCodingException e) {
        throw new MalformedRequestException("the query string is not valid UTF-8");
      }
    }
  }
}
