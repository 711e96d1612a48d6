package dev.sallyport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskRequestParserTest {
  private final TaskRequestParser parser = new TaskRequestParser(new JsonBodies());

  private String parse(String body) throws MalformedRequestException {
    return parser.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheTask() throws Exception {
    assertThat(parse("{\"task\": \"Pay S-100 EUR 12.50\"}")).isEqualTo("Pay S-100 EUR 12.50");
    assertThat(parse("{\"task\": \"" + "a".repeat(20_000) + "\"}")).hasSize(20_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"task\": null}",
        "{\"task\": 7}",
        "{\"task\": [\"a\"]}",
        "{\"task\": \"\"}",
        "{\"task\": \" \\n\\t \"}",
        "{\"task\": \"a\", \"session_id\": \"x\"}",
        "{\"task\": \"a\", \"task\": \"b\"}",
        "{\"task\": \"a\"} trailing",
        "[\"task\"]",
        "\"task\"",
        "",
      })
  void refusesAMalformedBody(String body) {
    assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedRequestException.class);
  }

  @Test
  void refusesATaskOverTheLimit() {
    assertThatThrownBy(() -> parse("{\"task\": \"" + "a".repeat(20_001) + "\"}"))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("at most 20000");
  }
}
