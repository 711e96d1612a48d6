package dev.sallyport.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.testing.TestingClock;
import java.security.KeyPair;
import java.util.Optional;

/**
 * The link-token parser takes text from anyone who has (or guesses) a URL. Whatever arrives, it
 * returns a verified link or throws {@link LinkTokenException}; it never throws anything else, and
 * random input never verifies.
 */
class LinkTokensFuzzTest {
  private static final KeyPair KEY = ApprovalFixtures.ed25519();
  private static final LinkTokens TOKENS =
      new LinkTokens(tenant -> Optional.of(KEY), new TestingClock(ApprovalFixtures.NOW));

  @FuzzTest(maxDuration = "20s")
  void parsesAnythingSafely(FuzzedDataProvider data) {
    String token = data.consumeRemainingAsString();
    try {
      ApprovalLink link = TOKENS.verify(token);
      // Only a token this key signed could verify; random bytes never are one.
      assertThat(token).startsWith(LinkTokens.PREFIX + ".");
      assertThat(link).isNotNull();
    } catch (LinkTokenException expected) {
      // The one way to refuse.
    }
  }
}
