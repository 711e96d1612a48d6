package dev.sallyport.guards.screen;

import static java.util.Objects.requireNonNull;

/**
 * What the gateway does with screened content before an agent sees it. Switch exhaustively; only
 * {@link Annotated} and {@link Datamarked} carry the content on.
 */
public sealed interface ScreenAction
    permits ScreenAction.Annotated, ScreenAction.Datamarked, ScreenAction.Quarantined {

  /** The content with a header naming the screen's verdict and flags. */
  record Annotated(String text) implements ScreenAction {
    public Annotated {
      requireNonNull(text, "text is null");
    }
  }

  /** The content wrapped in the session's delimiters, so the agent can tell data from task. */
  record Datamarked(String text, String delimiter) implements ScreenAction {
    public Datamarked {
      requireNonNull(text, "text is null");
      requireNonNull(delimiter, "delimiter is null");
    }
  }

  /** The content withheld; {@code stub} tells the agent that something was withheld and why. */
  record Quarantined(String stub, String reason) implements ScreenAction {
    public Quarantined {
      requireNonNull(stub, "stub is null");
      requireNonNull(reason, "reason is null");
    }
  }
}
