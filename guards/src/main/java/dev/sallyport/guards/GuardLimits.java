package dev.sallyport.guards;

/**
 * The bounds every guard works within, so that no input can make a detector run away.
 *
 * <p>Work per call is linear in the input: one pass per scanner over at most {@code maxInputChars}
 * characters, plus decoded payloads (base64, hex, URL escapes, Unicode tag characters) that are
 * screened again only to {@code maxDecodeDepth} levels and only while the characters decoded in
 * that call stay within {@code maxDecodedChars}. An input longer than {@code maxInputChars} is not
 * scanned at all: the screen reports it as {@code oversize_input} (quarantine) and the PII guard
 * blocks it, so an oversized input can never pass unchecked.
 *
 * @param maxInputChars the largest input one call accepts (UTF-16 chars)
 * @param maxDecodeDepth how many nested encodings are decoded and screened again (0 = none)
 * @param maxDecodedChars the total number of decoded characters screened again in one call
 * @param maxFindings the most PII findings one call reports; more means the text is refused
 */
public record GuardLimits(
    int maxInputChars, int maxDecodeDepth, int maxDecodedChars, int maxFindings) {

  /** The largest value accepted for {@code maxInputChars}: 64 Mi chars (128 MiB of heap). */
  public static final int HARD_MAX_INPUT_CHARS = 64 << 20;

  /** The deepest decoding accepted: deeper nesting is itself a signal, not something to unwrap. */
  public static final int HARD_MAX_DECODE_DEPTH = 8;

  /**
   * The defaults: 16 Mi chars per call, 3 nested decodings, 4 Mi decoded chars per call, 100,000
   * findings.
   */
  public static GuardLimits defaults() {
    return new GuardLimits(16 << 20, 3, 4 << 20, 100_000);
  }

  public GuardLimits {
    if (maxInputChars < 1 || maxInputChars > HARD_MAX_INPUT_CHARS) {
      throw new IllegalArgumentException(
          "maxInputChars must be in [1, " + HARD_MAX_INPUT_CHARS + "]: " + maxInputChars);
    }
    if (maxDecodeDepth < 0 || maxDecodeDepth > HARD_MAX_DECODE_DEPTH) {
      throw new IllegalArgumentException(
          "maxDecodeDepth must be in [0, " + HARD_MAX_DECODE_DEPTH + "]: " + maxDecodeDepth);
    }
    if (maxDecodedChars < 0 || maxDecodedChars > HARD_MAX_INPUT_CHARS) {
      throw new IllegalArgumentException(
          "maxDecodedChars must be in [0, " + HARD_MAX_INPUT_CHARS + "]: " + maxDecodedChars);
    }
    if (maxFindings < 1) {
      throw new IllegalArgumentException("maxFindings must be positive: " + maxFindings);
    }
  }
}
