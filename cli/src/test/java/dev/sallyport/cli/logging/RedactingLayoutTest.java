package dev.sallyport.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactingLayoutTest {
  private final RedactingLayout layout = new RedactingLayout();

  @Test
  void identifiersAndSecretsBecomeTypedPlaceholders() {
    String line =
        layout.redact(
            "12:00:00 WARN x - paid DE89 3704 0044 0532 0130 00 for alice@acme.example with"
                + " ghp_4f7Hk2LmQ9rT1vXz8bNc3pWd6yGa0sJe5uKi, card 4111 1111 1111 1111\n");

    assertThat(line)
        .doesNotContain("DE89", "alice@acme.example", "ghp_4f7H", "4111")
        .contains("[EMAIL", "[IBAN", "[CARD")
        .endsWith("\n");
  }

  @Test
  void aCleanLinePassesUnchanged() {
    String line = "12:00:00 INFO x - ledger checkpoint written for tenant acme\n";

    assertThat(layout.redact(line)).isEqualTo(line);
  }

  @Test
  void aLineTooLongToScanIsWithheldNotWrittenUnscanned() {
    String line = "x".repeat(17 * 1024 * 1024) + " alice@acme.example\n";

    assertThat(layout.redact(line))
        .startsWith("[sallyport: log line withheld")
        .hasSizeLessThan(300);
  }
}
