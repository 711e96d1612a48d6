package dev.sallyport.guards.screen;

import java.util.Set;

/**
 * Markup that hides text from the person looking at a page while the model still reads it (HTML
 * comments, {@code display:none}, {@code visibility:hidden}, zero font size or opacity, white or
 * transparent text, off-screen positioning, the {@code hidden} attribute, markdown comments), and
 * links that carry data out (query parameters built from templates or placeholders, long encoded
 * values, markdown and HTML images with a query string, which a renderer fetches by itself). One
 * pass over the folded text; each trigger reads a bounded window.
 */
final class MarkupScanner {
  private static final Set<String> HIDING_PROPERTIES =
      Set.of(
          "display",
          "visibility",
          "font-size",
          "opacity",
          "color",
          "height",
          "max-height",
          "width",
          "text-indent",
          "left",
          "top",
          "clip-path",
          "clip",
          "line-height");
  private static final int MAX_URL = 2048;

  private MarkupScanner() {}

  static void scan(FoldedText text, Evidence evidence, int depth) {
    char[] c = text.chars;
    int n = text.length;
    int linkResume = 0;
    for (int i = 0; i < n; i++) {
      char ch = c[i];
      if (ch == '<' && i + 3 < n && c[i + 1] == '!' && c[i + 2] == '-' && c[i + 3] == '-') {
        i = comment(c, i, n, evidence, depth);
      } else if (ch == ':') {
        cssHiding(c, i, n, evidence, depth);
      } else if (ch == '[' && i + 3 < n && c[i + 1] == '/' && c[i + 2] == '/' && c[i + 3] == ']') {
        evidence.add(InjectionFlag.HIDDEN_MARKUP, "markdown-comment", 0.3, i, i + 4, depth);
      } else if (ch == 'h'
          && i >= linkResume
          && (startsWith(c, i, n, "http://") || startsWith(c, i, n, "https://"))) {
        linkResume = link(c, i, n, evidence, depth);
      } else if (ch == 'h'
          && startsWith(c, i, n, "hidden")
          && i > 0
          && c[i - 1] == ' '
          && i + 6 < n
          && (c[i + 6] == '>' || c[i + 6] == ' ' || c[i + 6] == '=')) {
        evidence.add(InjectionFlag.HIDDEN_MARKUP, "hidden-attribute", 0.2, i, i + 6, depth);
      }
    }
  }

  /** Returns the index of the comment's last char. */
  private static int comment(char[] c, int open, int n, Evidence evidence, int depth) {
    int i = open + 4;
    int visible = 0;
    while (i + 2 < n && !(c[i] == '-' && c[i + 1] == '-' && c[i + 2] == '>')) {
      if (Character.isLetter(c[i])) {
        visible++;
      }
      i++;
    }
    if (visible >= 12) {
      evidence.add(
          InjectionFlag.HIDDEN_MARKUP, "html-comment", 0.3, open, Math.min(n, i + 3), depth);
    }
    return Math.min(n, i + 2);
  }

  private static void cssHiding(char[] c, int colon, int n, Evidence evidence, int depth) {
    int start = colon;
    while (start > 0
        && colon - start < 12
        && (Character.isLetter(c[start - 1]) || c[start - 1] == '-')) {
      start--;
    }
    if (start == colon) {
      return;
    }
    String property = new String(c, start, colon - start);
    if (!HIDING_PROPERTIES.contains(property)) {
      return;
    }
    int i = colon + 1;
    while (i < n && c[i] == ' ') {
      i++;
    }
    int valueStart = i;
    while (i < n
        && i - valueStart < 24
        && c[i] != ';'
        && c[i] != '"'
        && c[i] != '\''
        && c[i] != '}'
        && c[i] != '\n') {
      i++;
    }
    String value = new String(c, valueStart, i - valueStart).trim();
    String rule;
    double weight;
    switch (property) {
      case "display" -> {
        if (!value.startsWith("none")) {
          return;
        }
        rule = "css-display-none";
        weight = 0.3;
      }
      case "visibility" -> {
        if (!value.startsWith("hidden") && !value.startsWith("collapse")) {
          return;
        }
        rule = "css-visibility-hidden";
        weight = 0.3;
      }
      case "font-size", "height", "max-height", "width", "line-height" -> {
        if (!zero(value)) {
          return;
        }
        rule = "css-zero-size";
        weight = 0.35;
      }
      case "opacity" -> {
        if (!zero(value)) {
          return;
        }
        rule = "css-zero-opacity";
        weight = 0.35;
      }
      case "color" -> {
        if (!(value.startsWith("#fff")
            || value.startsWith("white")
            || value.startsWith("transparent")
            || value.startsWith("rgba(255,255,255,0")
            || value.startsWith("rgb(255,255,255)")
            || value.startsWith("rgb(255, 255, 255)"))) {
          return;
        }
        rule = "css-white-text";
        weight = 0.2;
      }
      case "text-indent", "left", "top" -> {
        if (!value.startsWith("-9") && !value.startsWith("-10000") && !value.startsWith("-5000")) {
          return;
        }
        rule = "css-off-screen";
        weight = 0.3;
      }
      default -> {
        rule = "css-clip";
        weight = 0.2;
        if (!value.contains("rect(0")
            && !value.contains("inset(50%")
            && !value.contains("inset(100%")) {
          return;
        }
      }
    }
    evidence.add(InjectionFlag.HIDDEN_MARKUP, rule, weight, start, i, depth);
  }

  /** "0", "0px", "0em", "0%", ".0", "0.0" — but not "0.5" or "05". */
  private static boolean zero(String value) {
    int i = 0;
    while (i < value.length() && (value.charAt(i) == '0' || value.charAt(i) == '.')) {
      i++;
    }
    return i > 0 && (i == value.length() || !Character.isDigit(value.charAt(i)));
  }

  /** Returns where the URL ended. */
  private static int link(char[] c, int start, int n, Evidence evidence, int depth) {
    int i = start;
    int query = -1;
    while (i < n && i - start < MAX_URL && urlChar(c[i])) {
      if (c[i] == '?' && query < 0) {
        query = i;
      }
      i++;
    }
    int end = i;
    boolean image = imageContext(c, start);
    if (query < 0) {
      if (image) {
        evidence.add(InjectionFlag.EXFIL_LINK, "markdown-image", 0.2, start, end, depth);
      }
      return end;
    }
    boolean templated = false;
    int longest = 0;
    int valueStart = -1;
    for (int k = query + 1; k <= end; k++) {
      char ch = k < end ? c[k] : '&';
      if (ch == '=') {
        valueStart = k + 1;
      } else if (ch == '&' || ch == '#') {
        if (valueStart >= 0) {
          longest = Math.max(longest, k - valueStart);
          templated |= template(c, valueStart, k);
        }
        valueStart = -1;
      }
    }
    if (templated) {
      evidence.add(InjectionFlag.EXFIL_LINK, "templated-query", 0.55, start, end, depth);
    } else if (image) {
      evidence.add(InjectionFlag.EXFIL_LINK, "image-with-query", 0.45, start, end, depth);
    } else if (longest >= 100) {
      evidence.add(InjectionFlag.EXFIL_LINK, "long-query-value", 0.25, start, end, depth);
    }
    return end;
  }

  /** A value that is a placeholder for data the model should fill in. */
  private static boolean template(char[] c, int from, int to) {
    for (int k = from; k < to; k++) {
      char ch = c[k];
      if (ch == '{' || ch == '}' || ch == '$' || ch == '[' || ch == ']') {
        return true;
      }
      if (ch == '%'
          && k + 2 < to
          && ((c[k + 1] == '7' && c[k + 2] == 'b')
              || (c[k + 1] == '2' && c[k + 2] == '4')
              || (c[k + 1] == '5' && c[k + 2] == 'b'))) {
        return true;
      }
    }
    return false;
  }

  /** {@code ![alt](URL} or {@code <img … src="URL}. */
  private static boolean imageContext(char[] c, int urlStart) {
    int i = urlStart - 1;
    if (i >= 1 && c[i] == '(' && c[i - 1] == ']') {
      int k = i - 2;
      int limit = Math.max(0, i - 256);
      while (k >= limit && c[k] != '[' && c[k] != '\n') {
        k--;
      }
      return k >= 1 && c[k] == '[' && c[k - 1] == '!';
    }
    int from = Math.max(0, urlStart - 64);
    String before = new String(c, from, urlStart - from);
    int img = before.lastIndexOf("<img");
    return img >= 0 && before.indexOf('>', img) < 0 && before.contains("src");
  }

  private static boolean urlChar(char ch) {
    return ch > ' '
        && ch != '"'
        && ch != '\''
        && ch != '<'
        && ch != '>'
        && ch != ')'
        && ch != '`'
        && ch != '\\'
        && ch != ']';
  }

  private static boolean startsWith(char[] c, int i, int n, String s) {
    if (i + s.length() > n) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (c[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
