package dev.sallyport.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionCompilerTest {
  private final ConditionCompiler compiler = new ConditionCompiler();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "args.amount > 5000",
        "'admin' in principal.roles && principal.kind == 'agent'",
        "session.calls('payments.pay', duration('1h')) < 10",
        "session.sum('payments.pay', 'amount', duration('24h')) > 1.0",
        "session.approved('big-payment') || session.tainted",
        "request.time.getHours('Europe/Berlin') >= 19",
        "args.to.lowerAscii().endsWith('@example.com')",
        "has(args.reference) && args.items.all(i, i > 0)",
        "tool.effect == 'spend' && tenant.id == 'acme' && request.id != '' && tool.connector == 'erp'",
      })
  void compilesConditionsOverTheDeclaredVariables(String expression) throws PolicyCompileException {
    assertThat(compiler.compile(expression).source()).isEqualTo(expression);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "amount > 5000                          | undeclared reference to 'amount' (at column 1)",
        "principal.nickname == 'x'              | undeclared reference to 'principal'",
        "principal.roles > 3                    | found no matching overload for '_>_'",
        "args.amount                            | the condition must be a bool, not dyn",
        "1 + 1                                  | expected type 'bool' but found 'int'",
        "args.amount >                          | mismatched input '<EOF>'",
        "session.calls('x')                     | found no matching overload for 'session.calls'",
        "args.s.matches(args.pattern)           | matches() takes a string literal as its pattern",
        "matches(args.s, 'a' + 'b')             | matches() takes a string literal as its pattern",
        "args.s.matches('(unclosed')            | matches(): invalid pattern",
        "args.s.matches('(?<=x)y')              | matches(): invalid pattern",
      })
  void refusesConditionsThatDoNotTypeCheck(String expression, String message) {
    assertThatThrownBy(() -> compiler.compile(expression))
        .isInstanceOf(PolicyCompileException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesAnEmptyCondition() {
    assertThatThrownBy(() -> compiler.compile("  ")).isInstanceOf(PolicyCompileException.class);
  }

  @Test
  void refusesAnOverlongCondition() {
    String expression = "true" + " && true".repeat(1000);

    assertThatThrownBy(() -> compiler.compile(expression))
        .isInstanceOf(PolicyCompileException.class);
  }
}
