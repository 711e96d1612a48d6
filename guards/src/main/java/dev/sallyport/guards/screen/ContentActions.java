package dev.sallyport.guards.screen;

import static java.util.Objects.requireNonNull;

/**
 * The actions the gateway applies to untrusted content, as pure functions of the content, the
 * screen's result and (for datamarking) the session's delimiter.
 */
public final class ContentActions {
  private ContentActions() {}

  /** Prefixes the content with one line naming the verdict, score and flags. */
  public static ScreenAction.Annotated annotate(String content, ScreenResult result) {
    requireNonNull(content, "content is null");
    requireNonNull(result, "result is null");
    return new ScreenAction.Annotated(header(result) + "\n" + content);
  }

  /**
   * Wraps the content in {@code <<untrusted:DELIMITER>>} … {@code <</untrusted:DELIMITER>>}. If the
   * content already contains the delimiter it was forged or leaked: the content is quarantined
   * rather than wrapped ambiguously.
   */
  public static ScreenAction datamark(String content, DatamarkDelimiter delimiter) {
    requireNonNull(content, "content is null");
    requireNonNull(delimiter, "delimiter is null");
    if (content.contains(delimiter.value())) {
      return new ScreenAction.Quarantined(
          stub("the content contains this session's datamark delimiter"),
          "datamark_delimiter_in_content");
    }
    String open = "<<untrusted:" + delimiter.value() + ">>";
    String close = "<</untrusted:" + delimiter.value() + ">>";
    return new ScreenAction.Datamarked(open + "\n" + content + "\n" + close, delimiter.value());
  }

  /** Withholds the content: a stub that says why, never the content itself. */
  public static ScreenAction.Quarantined quarantine(ScreenResult result) {
    requireNonNull(result, "result is null");
    return new ScreenAction.Quarantined(
        stub("suspected prompt injection (" + describe(result) + ")"),
        "prompt_injection_suspected");
  }

  /**
   * The default mapping from verdict to action: clean content is datamarked, suspected content is
   * annotated and datamarked, quarantined content is withheld.
   */
  public static ScreenAction apply(
      String content, ScreenResult result, DatamarkDelimiter delimiter) {
    return switch (result.verdict()) {
      case CLEAN -> datamark(content, delimiter);
      case SUSPECTED -> datamark(annotate(content, result).text(), delimiter);
      case QUARANTINE -> quarantine(result);
    };
  }

  private static String header(ScreenResult result) {
    return "[sallyport: untrusted content; " + describe(result) + "]";
  }

  private static String describe(ScreenResult result) {
    String flags = result.flags().isEmpty() ? "none" : String.join(", ", result.flagNames());
    return "verdict "
        + result.verdict().name().toLowerCase(java.util.Locale.ROOT)
        + ", injection score "
        + String.format(java.util.Locale.ROOT, "%.2f", result.score())
        + ", flags: "
        + flags;
  }

  private static String stub(String why) {
    return "[sallyport: content withheld: " + why + "]";
  }
}
