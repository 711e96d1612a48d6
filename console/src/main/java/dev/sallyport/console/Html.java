package dev.sallyport.console;

/**
 * Server-rendered pages: every value from outside goes through {@link #text}, and pages forbid
 * framing, inline script and foreign resources by their headers (see {@link ConsoleHandler}).
 */
public final class Html {
  private Html() {}

  /** Escapes text for HTML element content and double-quoted attribute values. */
  public static String text(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A whole page; {@code body} must already be escaped HTML. */
  public static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + text(title)
        + " · Sallyport</title>"
        + "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
        + "padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        + "padding:.25rem .5rem;text-align:left}button{font:inherit;padding:.4rem 1rem}"
        + "</style></head><body>"
        + body
        + "</body></html>";
  }
}
