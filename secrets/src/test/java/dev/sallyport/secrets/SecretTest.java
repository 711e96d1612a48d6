package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import org.junit.jupiter.api.Test;

class SecretTest {
  private static final char[] VALUE = "pa55-wörd-🔑".toCharArray();

  @Test
  void printsAsRedactedNeverAsItsValue() {
    try (Secret secret = Secret.copyOf(VALUE)) {
      assertThat(secret.toString()).isEqualTo("Secret[redacted]");
      assertThat(String.valueOf(secret)).doesNotContain("pa55");
      assertThat(secret).isNotInstanceOf(Serializable.class);
      assertThat(Secret.class.isRecord()).isFalse();
    }
  }

  @Test
  void revealsFreshCopiesThatTheCallerOwns() {
    try (Secret secret = Secret.copyOf(VALUE)) {
      char[] first = secret.revealChars();
      first[0] = 'X';

      assertThat(secret.revealChars()).isEqualTo(VALUE);
      assertThat(new String(secret.revealUtf8(), UTF_8)).isEqualTo(new String(VALUE));
    }
  }

  @Test
  void copiesTheCallersArraySoWipingItDoesNotChangeTheSecret() {
    char[] mine = VALUE.clone();
    try (Secret secret = Secret.copyOf(mine)) {
      java.util.Arrays.fill(mine, '\0');

      assertThat(secret.revealChars()).isEqualTo(VALUE);
    }
  }

  @Test
  void closeWipesTheAdoptedArrayAndLaterRevealsThrow() {
    char[] owned = VALUE.clone();
    Secret secret = Secret.adopt(owned);

    secret.close();
    secret.close();

    assertThat(owned).containsOnly('\0');
    assertThat(secret.isWiped()).isTrue();
    assertThatThrownBy(secret::revealChars)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the secret was wiped");
    assertThatThrownBy(secret::revealUtf8).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void comparesValuesWithoutEquals() {
    try (Secret a = Secret.copyOf(VALUE);
        Secret b = Secret.copyOf(VALUE);
        Secret c = Secret.copyOf("other".toCharArray())) {
      assertThat(a.sameValueAs(b)).isTrue();
      assertThat(a.sameValueAs(c)).isFalse();
      assertThat(a).isNotEqualTo(b);
    }
  }

  @Test
  void anEmptyValueIsNeverASecret() {
    assertThatThrownBy(() -> Secret.copyOf(new char[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLoneSurrogateCannotBeEncoded() {
    try (Secret secret = Secret.copyOf(new char[] {'a', '\uD800'})) {
      assertThatThrownBy(secret::revealUtf8)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the secret is not valid Unicode");
    }
  }
}
