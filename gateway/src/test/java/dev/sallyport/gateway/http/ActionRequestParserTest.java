package dev.sallyport.gateway.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.gateway.ActionRequest;
import dev.sallyport.model.JsonNull;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionRequestParserTest {
  private final ActionRequestParser parser = new ActionRequestParser(new JsonBodies());

  @Test
  void parsesToolArgumentsAndSession() throws MalformedRequestException {
    ActionRequest request =
        parse(
            """
            {"tool": "payments.pay_supplier",
             "arguments": {"amount": 12.5, "count": 3, "note": null, "tags": ["a", true]},
             "session_id": "run-42"}
            """);

    assertThat(request.tool()).isEqualTo("payments.pay_supplier");
    assertThat(request.sessionId()).isEqualTo("run-42");
    assertThat(request.arguments())
        .containsEntry("amount", 12.5)
        .containsEntry("count", 3L)
        .containsEntry("note", JsonNull.INSTANCE)
        .containsEntry("tags", List.of("a", true));
  }

  @Test
  void defaultsArgumentsToAnEmptyObjectAndTheSessionToDefault() throws MalformedRequestException {
    ActionRequest request = parse("{\"tool\": \"invoices.list\"}");

    assertThat(request.arguments()).isEqualTo(Map.of());
    assertThat(request.sessionId()).isEqualTo("default");
  }

  @Test
  void refusesAnEmptyBody() {
    assertRefused(new byte[0], "the body is empty; expected a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"tool\": \"a.b\"}]", "\"a.b\"", "42", "true", "null", "  \n "})
  void refusesABodyThatIsNotAnObject(String body) {
    assertRefused(body, "expected a JSON object");
  }

  @Test
  void refusesAnUnknownFieldAndNamesIt() {
    assertRefused("{\"tool\": \"a.b\", \"priority\": \"high\"}", "unknown field 'priority'");
  }

  @Test
  void refusesAnUnknownFieldWithoutEchoingControlCharactersOrLongNames() {
    String longName = "k".repeat(100);

    assertRefused("{\"tool\": \"a.b\", \"\\u0007x\": 1}", "unknown field '?x'");
    assertRefused(
        "{\"tool\": \"a.b\", \"" + longName + "\": 1}",
        "unknown field '" + "k".repeat(40) + "...'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"arguments\": {}}",
        "{\"tool\": null}",
        "{\"tool\": 42}",
        "{\"tool\": [\"a.b\"]}",
        "{\"tool\": {\"name\": \"a.b\"}}"
      })
  void refusesAMissingOrNonStringTool(String body) {
    assertRefused(body, "'tool' is required and must be a string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pay", "", "Payments.pay", "payments.", ".pay", "payments..pay", "a.b c"})
  void refusesAToolNameThatIsNotNamespaced(String tool) {
    assertRefused(
        "{\"tool\": \"" + tool + "\"}",
        "'tool' must be a namespaced tool name like billing.send_invoice");
  }

  @Test
  void refusesAToolNameLongerThan200Characters() throws MalformedRequestException {
    String atLimit = "a." + "b".repeat(198);
    String overLimit = atLimit + "b";

    assertThat(parse("{\"tool\": \"" + atLimit + "\"}").tool()).isEqualTo(atLimit);
    assertRefused(
        "{\"tool\": \"" + overLimit + "\"}",
        "'tool' must be a namespaced tool name like billing.send_invoice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "[]", "[1, 2]", "\"x\"", "1", "true"})
  void refusesArgumentsThatAreNotAnObject(String arguments) {
    assertRefused(
        "{\"tool\": \"a.b\", \"arguments\": " + arguments + "}",
        "'arguments' must be a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"has space\"", "\"a/b\"", "\"é\"", "7", "null", "[\"s\"]"})
  void refusesAnInvalidSessionId(String session) {
    assertRefused(
        "{\"tool\": \"a.b\", \"session_id\": " + session + "}",
        "'session_id' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
  }

  @Test
  void acceptsASessionIdOf128CharactersButNot129() throws MalformedRequestException {
    String atLimit = "s".repeat(128);

    assertThat(parse("{\"tool\": \"a.b\", \"session_id\": \"" + atLimit + "\"}").sessionId())
        .isEqualTo(atLimit);
    assertRefused(
        "{\"tool\": \"a.b\", \"session_id\": \"" + atLimit + "s\"}",
        "'session_id' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
  }

  @Test
  void refusesDuplicateKeysAtTheTopLevel() {
    assertRefused(
        "{\"tool\": \"a.b\", \"tool\": \"c.d\"}",
        "the body is not valid JSON: Duplicate field 'tool'");
  }

  @Test
  void refusesDuplicateKeysInsideArguments() {
    assertRefused(
        "{\"tool\": \"a.b\", \"arguments\": {\"x\": 1, \"x\": 2}}",
        "the body is not valid JSON: Duplicate field 'x'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"tool\": \"a.b\"} {}", "{\"tool\": \"a.b\"} 1"})
  void refusesTrailingTokens(String body) {
    assertRefused(body, "the body is not valid JSON: Trailing token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"tool\": \"a.b\"} trailing", "{\"tool\": \"a.b\"}]"})
  void refusesTrailingGarbage(String body) {
    assertRefused(body, "the body is not valid JSON:");
  }

  @ParameterizedTest
  @CsvSource({
    "9223372036854775807, true",
    "-9223372036854775808, true",
    "9223372036854775808, false",
    "-9223372036854775809, false",
    "18446744073709551616, false"
  })
  void refusesIntegersBeyond64Bits(String number, boolean accepted)
      throws MalformedRequestException {
    String body = "{\"tool\": \"a.b\", \"arguments\": {\"n\": " + number + "}}";

    if (accepted) {
      assertThat(parse(body).arguments()).containsEntry("n", Long.parseLong(number));
    } else {
      assertRefused(body, "$.arguments.n: integer beyond 64 bits");
    }
  }

  @Test
  void namesThePathOfAnOversizedIntegerInsideNestedArguments() {
    assertRefused(
        "{\"tool\": \"a.b\", \"arguments\": {\"items\": [1, {\"n\": 18446744073709551616}]}}",
        "$.arguments.items[1].n: integer beyond 64 bits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "1.8e308"})
  void refusesNumbersThatOverflowADouble(String number) {
    assertRefused(
        "{\"tool\": \"a.b\", \"arguments\": {\"n\": " + number + "}}",
        "$.arguments.n: number out of range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
  void refusesNonFiniteNumberLiterals(String number) {
    assertRefused(
        "{\"tool\": \"a.b\", \"arguments\": {\"n\": " + number + "}}",
        "the body is not valid JSON:");
  }

  @Test
  void refusesANumberLiteralLongerThan64Characters() {
    assertRefused(
        "{\"tool\": \"a.b\", \"arguments\": {\"n\": " + "9".repeat(200) + "}}",
        "the body is not valid JSON: Number value length");
  }

  @ParameterizedTest
  @CsvSource({"32, true", "33, false", "1000, false"})
  void refusesNestingDeeperThan32(int depth, boolean accepted) throws MalformedRequestException {
    // The outer object and "arguments" are two levels; the rest are arrays.
    int arrays = depth - 2;
    String body =
        "{\"tool\": \"a.b\", \"arguments\": {\"x\": "
            + "[".repeat(arrays)
            + "]".repeat(arrays)
            + "}}";

    if (accepted) {
      assertThat(parse(body).arguments()).containsKey("x");
    } else {
      assertRefused(body, "the body is not valid JSON: Document nesting depth");
    }
  }

  @Test
  void acceptsABodyOfExactly1MiBButNotOneByteMore() throws MalformedRequestException {
    byte[] atLimit = bodyOfSize(JsonBodies.MAX_BODY_BYTES);
    byte[] overLimit = bodyOfSize(JsonBodies.MAX_BODY_BYTES + 1);

    assertThat(parser.parse(atLimit).tool()).isEqualTo("a.b");
    assertRefused(overLimit, "the body is larger than 1 MiB");
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] body = {
      '{', '"', 't', 'o', 'o', 'l', '"', ':', '"', 'a', '.', 'b', (byte) 0xC3, 0x28, '"', '}'
    };

    assertRefused(body, "the body is not valid JSON: Invalid UTF-8");
  }

  @Test
  void refusesCommentsAndSingleQuotes() {
    assertRefused("/* c */ {\"tool\": \"a.b\"}", "the body is not valid JSON:");
    assertRefused("{'tool': 'a.b'}", "the body is not valid JSON:");
  }

  /** A valid request padded with a string argument to exactly {@code size} bytes. */
  private static byte[] bodyOfSize(int size) {
    String prefix = "{\"tool\": \"a.b\", \"arguments\": {\"s\": \"";
    String suffix = "\"}}";
    String body = prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    byte[] bytes = body.getBytes(UTF_8);
    assertThat(bytes).hasSize(size);
    return bytes;
  }

  private ActionRequest parse(String body) throws MalformedRequestException {
    return parser.parse(body.getBytes(UTF_8));
  }

  private void assertRefused(String body, String messageStart) {
    assertRefused(body.getBytes(UTF_8), messageStart);
  }

  private void assertRefused(byte[] body, String messageStart) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageStartingWith(messageStart);
  }
}
