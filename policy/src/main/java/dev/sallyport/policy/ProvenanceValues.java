package dev.sallyport.policy;

import dev.sallyport.model.JsonNull;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How values are compared for provenance: the same function fingerprints what a trusted source said
 * and what a consequential argument holds, so "traced" means an exact match after this
 * normalisation:
 *
 * <ul>
 *   <li>text: Unicode NFKC, lower case, every whitespace character removed (IBANs in print form and
 *       with any letter case, e-mail addresses in any case, {@code "DE89 3704"} and {@code
 *       "de893704"} are one value);
 *   <li>numbers, and text that is a plain decimal number ({@code 1250}, {@code 1250.00}, {@code
 *       1,250.00} with comma grouping): the decimal value without trailing zeros, so the number
 *       {@code 1250} traces to the text {@code "1,250.00"};
 *   <li>booleans: {@code true} or {@code false}; JSON null and blank text are no value.
 * </ul>
 *
 * <p>Only SHA-256 fingerprints of the normalised values are kept, so the session store never holds
 * the values themselves (which are often PII). Pure: no I/O.
 */
public final class ProvenanceValues {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]{1,40}(\\.[0-9]{1,20})?");

  private static final Pattern GROUPED =
      Pattern.compile("[+-]?[0-9]{1,3}(,[0-9]{3}){1,12}(\\.[0-9]{1,20})?");

  private ProvenanceValues() {}

  /**
   * The fingerprint of one scalar (string, number or boolean), or empty when it is no value (null,
   * blank, a map or a list).
   */
  public static Optional<String> fingerprint(Object scalar) {
    return normalise(scalar).map(ProvenanceValues::sha256);
  }

  /** The normalised form of one scalar, or empty when it is no value. */
  public static Optional<String> normalise(Object scalar) {
    return switch (scalar) {
      case null -> Optional.empty();
      case JsonNull n -> Optional.empty();
      case Boolean b -> Optional.of(b.toString());
      case Number n -> number(n);
      case String s -> text(s);
      default -> Optional.empty();
    };
  }

  /**
   * The fingerprints of every scalar inside {@code value} (itself, or the leaves of a map's values
   * and a list's items), for tracing one argument.
   */
  public static Set<String> leafFingerprints(Object value) {
    Set<String> out = new LinkedHashSet<>();
    collect(value, out, 0);
    return out;
  }

  private static void collect(Object value, Set<String> out, int depth) {
    if (depth > 64) {
      // Deeper than any schema-checked argument gets; refuse rather than recurse forever.
      throw new IllegalArgumentException("argument nested too deeply to trace");
    }
    switch (value) {
      case Map<?, ?> map -> map.values().forEach(v -> collect(v, out, depth + 1));
      case List<?> list -> list.forEach(v -> collect(v, out, depth + 1));
      default -> fingerprint(value).ifPresent(out::add);
    }
  }

  private static Optional<String> text(String s) {
    String folded = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); ) {
      int cp = folded.codePointAt(i);
      if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
        b.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    String compact = b.toString();
    if (compact.isEmpty()) {
      return Optional.empty();
    }
    if (DECIMAL.matcher(compact).matches()) {
      return Optional.of(decimal(new BigDecimal(compact)));
    }
    if (GROUPED.matcher(compact).matches()) {
      return Optional.of(decimal(new BigDecimal(compact.replace(",", ""))));
    }
    return Optional.of(compact);
  }

  private static Optional<String> number(Number n) {
    try {
      return Optional.of(decimal(new BigDecimal(n.toString())));
    } catch (NumberFormatException e) {
      return Optional.empty(); // NaN and infinities are no value anyone can trace
    }
  }

  private static String decimal(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return (stripped.signum() == 0 ? BigDecimal.ZERO : stripped).toPlainString();
  }

  private static String sha256(String normalised) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(normalised.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
