package dev.sallyport.policy;

/** A condition could not be evaluated. The engine turns this into a deny. */
public final class ConditionEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConditionEvaluationException(String source, String problem, Throwable cause) {
    super("condition '" + source + "' failed: " + problem, cause);
  }
}
