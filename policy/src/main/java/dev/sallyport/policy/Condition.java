package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A CEL condition, parsed and type-checked at load. Evaluating it never compiles anything.
 *
 * @param source the expression as written, for error messages and tooling
 */
public final class Condition {
  private final String source;
  private final CelRuntime.Program program;
  private final SessionFunctions functions;
  private final boolean usesSessionFunctions;

  Condition(String source, CelRuntime.Program program, SessionFunctions functions) {
    this.source = requireNonNull(source, "source is null");
    this.program = requireNonNull(program, "program is null");
    this.functions = requireNonNull(functions, "functions is null");
    // Binding the session functions allocates; most conditions never call them. A false positive
    // (the name inside a string literal) only costs that allocation.
    this.usesSessionFunctions = functions.names().stream().anyMatch(source::contains);
  }

  public String source() {
    return source;
  }

  /**
   * Evaluates the condition. MUST throw {@link ConditionEvaluationException} on any evaluation
   * error or non-boolean result: an error is never "false".
   */
  public boolean evaluate(EvaluationContext context) {
    Object result;
    try {
      result =
          usesSessionFunctions
              ? program.eval(context, context.functionResolver(functions))
              : program.eval(context);
    } catch (CelEvaluationException e) {
      throw new ConditionEvaluationException(source, e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ConditionEvaluationException(source, e.getClass().getSimpleName(), e);
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new ConditionEvaluationException(source, "result is not a bool", null);
  }

  @Override
  public String toString() {
    return source;
  }
}
