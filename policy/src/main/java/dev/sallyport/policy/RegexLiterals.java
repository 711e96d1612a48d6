package dev.sallyport.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL's {@code matches()} with every pattern compiled at load. CEL's own implementation compiles
 * the regular expression on every evaluation; here a condition may only match against a string
 * literal, which is compiled (RE2/J: linear time, no backtracking) when the condition is, so a bad
 * pattern fails the load instead of denying at run time, and the request path compiles nothing.
 */
final class RegexLiterals {
  private static final String FUNCTION = "matches";

  private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();
  private final boolean partialMatch;
  private final int maxProgramSize;

  RegexLiterals(CelOptions options) {
    this.partialMatch = options.enableRegexPartialMatch();
    this.maxProgramSize = options.maxRegexProgramSize();
  }

  /**
   * The runtime bindings that replace CEL's standard {@code matches} overloads. CEL wants them
   * immutable; the table of patterns only grows while conditions are compiled at load, before any
   * evaluation, and the concurrent map publishes each entry safely.
   */
  @SuppressWarnings("Immutable")
  List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("matches", String.class, String.class, this::matches),
        CelFunctionBinding.from("matches_string", String.class, String.class, this::matches));
  }

  /**
   * Compiles the pattern of every {@code matches()} call in {@code ast}.
   *
   * @throws PolicyCompileException when a pattern is not a string literal, does not parse, or is
   *     larger than CEL allows
   */
  void compileAll(CelAbstractSyntaxTree ast) throws PolicyCompileException {
    List<CelExpr> calls =
        CelNavigableAst.fromAst(ast)
            .getRoot()
            .allNodes()
            .map(node -> node.expr())
            .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.CALL)
            .filter(e -> e.call().function().equals(FUNCTION))
            .toList();
    for (CelExpr call : calls) {
      List<CelExpr> args = call.call().args();
      CelExpr pattern = args.get(args.size() - 1);
      if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
          || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
        throw new PolicyCompileException(
            "matches() takes a string literal as its pattern, so that it is compiled at load");
      }
      compile(pattern.constant().stringValue());
    }
  }

  private void compile(String regex) throws PolicyCompileException {
    if (compiled.containsKey(regex)) {
      return;
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new PolicyCompileException("matches(): invalid pattern: " + e.getMessage());
    }
    if (maxProgramSize >= 0 && pattern.programSize() > maxProgramSize) {
      throw new PolicyCompileException(
          "matches(): the pattern is too large ("
              + pattern.programSize()
              + " > "
              + maxProgramSize
              + ")");
    }
    compiled.putIfAbsent(regex, pattern);
  }

  private boolean matches(String text, String regex) {
    Pattern pattern = compiled.get(regex);
    if (pattern == null) {
      // Cannot happen for a condition compiled by the same compiler; never compile here.
      throw new IllegalStateException("pattern was not compiled at load");
    }
    return partialMatch ? pattern.matcher(text).find() : pattern.matcher(text).matches();
  }
}
