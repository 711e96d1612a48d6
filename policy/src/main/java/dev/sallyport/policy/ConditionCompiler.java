package dev.sallyport.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;

/**
 * Parses and type-checks CEL conditions against the variables and functions policy may use. Made
 * once per load; {@link #compile} is never called on the request path.
 *
 * <p>Variables: {@code principal.id}, {@code principal.kind}, {@code principal.roles}, {@code
 * principal.groups}, {@code tool.name}, {@code tool.effect}, {@code tool.connector}, {@code args}
 * (map of string to dyn), {@code request.id}, {@code request.time} (timestamp), {@code tenant.id},
 * {@code session.id}, {@code session.tainted}, {@code session.prompt_injection_suspected};
 * functions as in {@link SessionFunctions}.
 */
public final class ConditionCompiler {
  /** Bounds work per evaluation: no rule can spin on a crafted argument list. */
  private static final int MAX_COMPREHENSION_ITERATIONS = 1_000;

  private static final int MAX_EXPRESSION_LENGTH = 4_096;

  private final CelCompiler compiler;
  private final CelRuntime runtime;
  private final SessionFunctions functions = new SessionFunctions();
  private final RegexLiterals regexes;

  public ConditionCompiler() {
    CelOptions options =
        CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
            .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
            .build();
    this.regexes = new RegexLiterals(options);
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .addVar("principal.id", SimpleType.STRING)
            .addVar("principal.kind", SimpleType.STRING)
            .addVar("principal.roles", ListType.create(SimpleType.STRING))
            .addVar("principal.groups", ListType.create(SimpleType.STRING))
            .addVar("tool.name", SimpleType.STRING)
            .addVar("tool.effect", SimpleType.STRING)
            .addVar("tool.connector", SimpleType.STRING)
            .addVar("args", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("request.id", SimpleType.STRING)
            .addVar("request.time", SimpleType.TIMESTAMP)
            .addVar("tenant.id", SimpleType.STRING)
            .addVar("session.id", SimpleType.STRING)
            .addVar("session.tainted", SimpleType.BOOL)
            .addVar("session.prompt_injection_suspected", SimpleType.BOOL)
            .addFunctionDeclarations(functions.declarations())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .setResultType(SimpleType.BOOL)
            .build();
    this.runtime =
        CelRuntimeFactory.plannerRuntimeBuilder()
            .setOptions(options)
            .addLibraries(CelExtensions.strings())
            .setStandardFunctions(
                CelStandardFunctions.newBuilder()
                    .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES)
                    .build())
            .addFunctionBindings(regexes.bindings())
            .addLateBoundFunctions(functions.names())
            .build();
  }

  /**
   * Parses and type-checks {@code expression}.
   *
   * @throws PolicyCompileException naming the problem and the column, when the expression does not
   *     parse, does not type-check, or is not a bool
   */
  public Condition compile(String expression) throws PolicyCompileException {
    if (expression.isBlank()) {
      throw new PolicyCompileException("condition is empty");
    }
    try {
      CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
      // A dyn result type-checks against bool but may be anything at run time: refuse it here,
      // so that a condition is a bool by construction ("args.flag == true", not "args.flag").
      if (!ast.getResultType().equals(SimpleType.BOOL)) {
        throw new PolicyCompileException(
            "the condition must be a bool, not "
                + ast.getResultType().name()
                + " (compare it explicitly)");
      }
      regexes.compileAll(ast);
      CelRuntime.Program program = runtime.createProgram(ast);
      return new Condition(expression, program, functions);
    } catch (CelValidationException e) {
      throw new PolicyCompileException(firstLine(e.getMessage()));
    } catch (CelEvaluationException | RuntimeException e) {
      throw new PolicyCompileException("condition cannot be planned: " + e.getMessage());
    }
  }

  /** Turns CEL's "ERROR: <input>:1:7: problem" into "problem (at column 7)". */
  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^ERROR: <input>:(\\d+):(\\d+): (.*)$").matcher(first);
    if (m.matches()) {
      String problem = m.group(3).replace(" (in container '')", "");
      return problem + " (at column " + m.group(2) + ")";
    }
    return first;
  }
}
