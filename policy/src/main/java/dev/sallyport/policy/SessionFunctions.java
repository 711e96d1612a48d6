package dev.sallyport.policy;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.sallyport.model.ToolCall;
import java.time.Duration;
import java.util.List;

/**
 * The CEL functions over a session's history. They are declared to the type checker at load and
 * bound late, per decision, to the call being decided, so they read the session of that call only.
 *
 * <ul>
 *   <li>{@code session.calls(tool, window) -> int}: calls of {@code tool} in the last {@code
 *       window}
 *   <li>{@code session.sum(tool, argument, window) -> double}: running total of a numeric argument
 *   <li>{@code session.approved(kind) -> bool}: an approval of {@code kind} was given earlier
 * </ul>
 */
final class SessionFunctions {
  static final String CALLS = "session.calls";
  static final String SUM = "session.sum";
  static final String APPROVED = "session.approved";

  List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration(
            CALLS,
            CelOverloadDecl.newGlobalOverload(
                "session_calls_string_duration",
                SimpleType.INT,
                SimpleType.STRING,
                SimpleType.DURATION)),
        CelFunctionDecl.newFunctionDeclaration(
            SUM,
            CelOverloadDecl.newGlobalOverload(
                "session_sum_string_string_duration",
                SimpleType.DOUBLE,
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.DURATION)),
        CelFunctionDecl.newFunctionDeclaration(
            APPROVED,
            CelOverloadDecl.newGlobalOverload(
                "session_approved_string", SimpleType.BOOL, SimpleType.STRING)));
  }

  List<String> names() {
    return List.of(CALLS, SUM, APPROVED);
  }

  // The bindings close over one call and live for one decision only; CEL's @Immutable contract is
  // about sharing bindings across evaluations, which these never are.
  @SuppressWarnings("Immutable")
  CelFunctionResolver bind(EvaluationContext context) {
    ToolCall call = context.call();
    SessionHistory history = context.history();
    return CelLateFunctionBindings.from(
        CelFunctionBinding.from(
            "session_calls_string_duration",
            String.class,
            Duration.class,
            (tool, window) ->
                history.calls(call.tenant(), call.sessionId(), tool, since(call, window))),
        CelFunctionBinding.from(
            "session_sum_string_string_duration",
            List.of(String.class, String.class, Duration.class),
            args ->
                history.sum(
                    call.tenant(),
                    call.sessionId(),
                    (String) args[0],
                    (String) args[1],
                    since(call, (Duration) args[2]))),
        CelFunctionBinding.from(
            "session_approved_string",
            String.class,
            kind -> history.approved(call.tenant(), call.sessionId(), kind)));
  }

  private static java.time.Instant since(ToolCall call, Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("session window is negative");
    }
    return call.requestedAt().minus(window);
  }
}
