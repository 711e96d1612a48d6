package dev.sallyport.config;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.JsonNull;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlNodeTest {
  @Test
  void readsDeclaredFieldsAsJsonValues() throws ConfigException {
    YamlNode root = parse("a: text\nb: 12\nc: 1.5\nd: true\ne: ~\nf: [x, {g: h}]\n");

    assertThat(root.json())
        .isEqualTo(
            Map.of(
                "a",
                "text",
                "b",
                12L,
                "c",
                1.5,
                "d",
                true,
                "e",
                JsonNull.INSTANCE,
                "f",
                List.of("x", Map.of("g", "h"))));
  }

  @Test
  void namesTheKeyAndItsPositionWhenAKeyIsUnknown() {
    assertThatThrownBy(() -> parse("known: 1\n  # comment\nunknown: 2\n").fields(Set.of("known")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:3:1: unknown key 'unknown' (allowed: known)");
  }

  @Test
  void refusesADuplicateKey() {
    assertThatThrownBy(() -> parse("a: 1\nb: 2\na: 3\n").entries())
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:3:1: duplicate key 'a'");
  }

  @Test
  void refusesKeysThatAreNotPlainStrings() {
    assertThatThrownBy(() -> parse("? [a, b]\n: 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid YAML: Non scalar key");
    assertThatThrownBy(() -> parse("1: one\n").entries())
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:1:1: keys must be plain strings");
  }

  @Test
  void refusesTabIndentationWithItsPosition() {
    assertThatThrownBy(() -> parse("a:\n\tb: 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml:2:")
        .hasMessageContaining("invalid YAML");
  }

  @Test
  void refusesASecondDocument() {
    assertThatThrownBy(() -> parse("a: 1\n---\nb: 2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:3:1: only one YAML document is allowed per file");
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] latin1 = "name: Müller\n".getBytes(ISO_8859_1);

    assertThatThrownBy(() -> YamlNode.parse(latin1, "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:1:1: file is not valid UTF-8");
  }

  @Test
  void refusesAnEmptyFile() {
    assertThatThrownBy(() -> parse("# only a comment\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:1:1: file is empty");
  }

  @Test
  void refusesMoreThan1MiB() {
    byte[] big = new byte[YamlNode.MAX_FILE_BYTES + 1];
    Arrays.fill(big, (byte) '#');

    assertThatThrownBy(() -> YamlNode.parse(big, "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:1:1: file is larger than 1 MiB");
  }

  @Test
  void refusesAnchorsAndAliasesWithTheirPosition() {
    assertThatThrownBy(() -> parse("a: [x, y]\nb: &b [x]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:2:4: anchors (&) and aliases (*) are not allowed in configuration");
    assertThatThrownBy(() -> parse("a: &x {a: *x}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("anchors (&) and aliases (*) are not allowed");
  }

  @Test
  void refusesNestingDeeperThan32LevelsBeforeComposing() {
    String deep = "name: " + "{a: ".repeat(1000) + "x" + "}".repeat(1000) + "\n";
    String fine = "name: " + "[".repeat(31) + "x" + "]".repeat(31) + "\n";

    assertThatThrownBy(() -> parse(deep))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nested deeper than 32 levels");
    assertThatCode(() -> parse(fine)).doesNotThrowAnyException();
  }

  @Test
  void anExplicitBoolTagStillNeedsTrueOrFalse() {
    assertThatThrownBy(() -> parse("flag: !!bool maybe\n").json())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected true or false, found 'maybe'");
  }

  @Test
  void refusesAnIntegerBeyond64Bits() {
    assertThatThrownBy(() -> parse("n: 9223372036854775808\n").json())
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:1:4: 'n': integer out of range");
  }

  @Test
  void refusesANonFiniteNumber() {
    assertThatThrownBy(() -> parse("n: .inf\n").json())
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml:1:4: 'n': expected a finite number, found '.inf'");
  }

  @Test
  void refusesAnUnknownTag() {
    assertThatThrownBy(() -> parse("n: !secret value\n").json())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml:1:4: 'n': unsupported YAML tag");
  }

  private static YamlNode parse(String text) throws ConfigException {
    return YamlNode.parse(text.getBytes(UTF_8), "test.yaml");
  }
}
