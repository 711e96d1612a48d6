package dev.sallyport.guards.screen;

import static java.util.Objects.requireNonNull;

import dev.sallyport.guards.CharArrayText;
import dev.sallyport.guards.GuardLimits;
import java.util.EnumSet;
import java.util.List;

/**
 * Screens untrusted content (e-mail bodies, documents, web pages, tool results) for signs of a
 * planted instruction. Deterministic, no I/O, linear in the input:
 *
 * <ol>
 *   <li>the text is folded once ({@link FoldedText}): invisible chars dropped and counted,
 *       look-alikes and accents folded to ASCII, lower-cased;
 *   <li>phrase rules ({@link RuleCatalogue}) run over its words, as written and rot13-encoded;
 *   <li>structure ({@link StructureScanner}) and markup and links ({@link MarkupScanner}) are read
 *       line by line;
 *   <li>encoded runs (base64, hex, percent-encoding) and Unicode tag characters are decoded and
 *       screened again, to {@link GuardLimits#maxDecodeDepth()} levels and within {@link
 *       GuardLimits#maxDecodedChars()} decoded chars per call. A payload the limits do not allow to
 *       inspect is itself a signal, so nesting deeper than the limit cannot hide anything.
 * </ol>
 *
 * <p>The score is the noisy-OR of the weights of the rules that fired (each once), and the verdict
 * follows the {@link ScreenThresholds}. Inputs over {@link GuardLimits#maxInputChars()} are not
 * screened: they get {@link InjectionFlag#OVERSIZE_INPUT}, score 1 and the quarantine verdict.
 *
 * <p>The screen is a detector, not the defence: it cannot see an attack phrased as an ordinary
 * request. The session taint invariant in the policy stage holds whatever the screen says.
 */
public final class InjectionScreen {
  private final PhraseBook book;
  private final ScreenThresholds thresholds;
  private final GuardLimits limits;

  public InjectionScreen(ScreenThresholds thresholds, GuardLimits limits) {
    this.thresholds = requireNonNull(thresholds, "thresholds is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.book = PhraseBook.defaults();
  }

  /** A screen with the default thresholds and limits. */
  public static InjectionScreen withDefaults() {
    return new InjectionScreen(ScreenThresholds.defaults(), GuardLimits.defaults());
  }

  public ScreenThresholds thresholds() {
    return thresholds;
  }

  public ScreenResult screen(CharSequence text) {
    requireNonNull(text, "text is null");
    if (text.length() > limits.maxInputChars()) {
      Signal signal =
          new Signal(InjectionFlag.OVERSIZE_INPUT, "oversize-input", 1.0, 0, text.length(), 0);
      return new ScreenResult(
          1.0, EnumSet.of(InjectionFlag.OVERSIZE_INPUT), thresholds.verdict(1.0), List.of(signal));
    }
    Evidence evidence = new Evidence();
    int[] budget = {limits.maxDecodedChars(), EncodedPayloads.MAX_RUNS};
    layer(CharArrayText.of(text), 0, evidence, budget, 0, text.length());
    double score = evidence.score();
    return new ScreenResult(score, evidence.flags(), thresholds.verdict(score), evidence.signals());
  }

  /**
   * Screens one layer: the input at depth 0, a decoded payload below it. Signals of a decoded layer
   * carry the span of the outermost encoded run, {@code [outerStart, outerEnd)}.
   */
  private void layer(
      CharSequence raw, int depth, Evidence into, int[] budget, int outerStart, int outerEnd) {
    FoldedText folded = FoldedText.of(raw, Math.max(0, Math.min(budget[0], raw.length())));
    Evidence local = new Evidence();
    hiddenText(folded, local, depth);
    words(folded, local, depth);
    StructureScanner.scan(folded, local, depth);
    MarkupScanner.scan(folded, local, depth);
    if (depth == 0) {
      into.mergeMapped(local, raw);
    } else {
      into.merge(local, outerStart, outerEnd);
    }
    decodedLayers(raw, folded, depth, into, budget, outerStart, outerEnd);
  }

  private void decodedLayers(
      CharSequence raw,
      FoldedText folded,
      int depth,
      Evidence into,
      int[] budget,
      int outerStart,
      int outerEnd) {
    if (!folded.tagPayload.isEmpty()) {
      budget[0] -= folded.tagPayload.length();
      budget[1]--;
      String payload = folded.tagPayload;
      inspect(
          new EncodedPayloads.Decoded(
              0, raw.length(), "unicode-tags", payload, EncodedPayloads.naturalLanguage(payload)),
          depth,
          into,
          budget,
          outerStart,
          outerEnd);
    }
    // Depth first: each payload is decoded and screened before the next is looked at, so that a
    // flood of shallow runs cannot use up the budget that a nested payload needs.
    for (EncodedPayloads.Candidate candidate : EncodedPayloads.candidates(raw)) {
      int start = depth == 0 ? candidate.start() : outerStart;
      int end = depth == 0 ? candidate.end() : outerEnd;
      switch (EncodedPayloads.decode(raw, candidate, budget)) {
        case EncodedPayloads.Decoded d -> inspect(d, depth, into, budget, start, end);
        case EncodedPayloads.Skipped s ->
            into.add(
                InjectionFlag.ENCODED_PAYLOAD, "encoded-text-over-budget", 0.5, start, end, depth);
        case null, default -> {}
      }
    }
  }

  /** Flags a decoded payload and screens it one level deeper (or flags it as too deep). */
  private void inspect(
      EncodedPayloads.Decoded d, int depth, Evidence into, int[] budget, int start, int end) {
    boolean url = d.kind().equals("url");
    if (d.naturalLanguage() && !url) {
      into.add(InjectionFlag.ENCODED_PAYLOAD, d.kind() + "-text", 0.45, start, end, depth);
    }
    if (depth >= limits.maxDecodeDepth()) {
      if (!url) {
        into.add(InjectionFlag.ENCODED_PAYLOAD, "nested-encoding-too-deep", 0.5, start, end, depth);
      }
      return;
    }
    Evidence inner = new Evidence();
    layer(CharArrayText.of(d.text()), depth + 1, inner, budget, start, end);
    if (inner.size() > 0) {
      into.merge(inner, start, end);
      into.add(InjectionFlag.ENCODED_PAYLOAD, "encoded-instructions", 0.4, start, end, depth);
    }
  }

  private static void hiddenText(FoldedText folded, Evidence evidence, int depth) {
    int end = folded.length;
    if (folded.zeroWidthInWords >= 3) {
      evidence.add(
          InjectionFlag.ZERO_WIDTH,
          "zero-width-in-words",
          folded.zeroWidthInWords >= 10 ? 0.45 : 0.3,
          0,
          end,
          depth);
    }
    if (folded.bidiControls > 0) {
      evidence.add(
          InjectionFlag.BIDI_CONTROL,
          "bidi-controls",
          folded.bidiControls >= 3 ? 0.45 : 0.3,
          0,
          end,
          depth);
    }
    if (folded.tagChars > 0) {
      evidence.add(InjectionFlag.TAG_CHARACTERS, "unicode-tags", 0.6, 0, end, depth);
    }
    if (folded.supplementaryVariations >= 8) {
      evidence.add(InjectionFlag.TAG_CHARACTERS, "variation-selector-payload", 0.5, 0, end, depth);
    }
    if (folded.mixedScriptWords > 0) {
      evidence.add(
          InjectionFlag.HOMOGLYPHS,
          "mixed-script-words",
          folded.mixedScriptWords >= 3 ? 0.45 : 0.3,
          0,
          end,
          depth);
    }
  }

  /** Tokenises the folded text into words and sentences and runs the phrase rules. */
  private void words(FoldedText folded, Evidence evidence, int depth) {
    char[] c = folded.chars;
    int n = folded.length;
    PhraseMatcher matcher = new PhraseMatcher(book, evidence, depth);
    int token = 0;
    int segment = 0;
    int position = 0;
    boolean target = false;
    boolean comment = false;
    boolean lineStart = true;
    int i = 0;
    while (i < n) {
      char ch = c[i];
      if (lineStart && ch != ' ' && ch != '\t') {
        // A code comment: "// …", "/* …", " * …", "# …", "-- …" at the start of the line.
        comment =
            ch == '#'
                || (i + 1 < n
                    && ((ch == '/' && (c[i + 1] == '/' || c[i + 1] == '*'))
                        || (ch == '*' && c[i + 1] == ' ')
                        || (ch == '-' && c[i + 1] == '-')));
        lineStart = false;
      }
      if (FoldedText.isWordChar(ch)) {
        int start = i;
        int h = 0;
        int previous = 0;
        while (i < n && FoldedText.isWordChar(c[i]) && (i == start || !folded.wordBreakAt(i))) {
          if (c[i] == '_' && i + 1 < n && folded.wordBreakAt(i + 1)) {
            break; // "External_Ignore": the underscore joins nothing
          }
          previous = h;
          h = 31 * h + c[i];
          i++;
        }
        if (i == start) {
          i++; // a lone underscore between glued words
          continue;
        }
        int length = i - start;
        if (length <= 40) {
          matcher.token(
              c,
              start,
              length,
              PhraseBook.mix(h),
              PhraseBook.mix(previous),
              token,
              segment,
              position,
              comment);
          target |= urlWord(c, start, length) || accountLike(c, start, length);
        }
        token++;
        position++;
        continue;
      }
      if (ch == '@'
          && i > 0
          && i + 1 < n
          && FoldedText.isWordChar(c[i - 1])
          && FoldedText.isWordChar(c[i + 1])) {
        target = true;
      }
      if (sentenceEnd(c, i, n) || gluedSentence(folded, i)) {
        matcher.segmentEnd(segment, target);
        segment++;
        position = 0;
        target = false;
      }
      if (ch == '\n') {
        lineStart = true;
        comment = false;
      }
      i++;
    }
    matcher.segmentEnd(segment, target);
  }

  /**
   * Sentences end at line breaks, at {@code . ! ? ;} before a space, and at the field separators of
   * tables and CSV ({@code |}, tab, a comma glued to the next word), so that "…,4,Ignore your
   * previous instructions" starts a sentence at "Ignore".
   */
  private static boolean sentenceEnd(char[] c, int i, int n) {
    char ch = c[i];
    if (ch == '\n' || ch == '|' || ch == '\t') {
      return true;
    }
    if (ch == ',') {
      return i + 1 < n && c[i + 1] >= 'a' && c[i + 1] <= 'z';
    }
    if (ch == '.' || ch == '!' || ch == '?' || ch == ';') {
      return i + 1 >= n
          || c[i + 1] == ' '
          || c[i + 1] == '\n'
          || c[i + 1] == '\t'
          || c[i + 1] == '"'
          || c[i + 1] == '\''
          || c[i + 1] == ')';
    }
    return false;
  }

  /**
   * A sentence or field glued to the next: "accordingly.TODO", "7.2%.Ignore", a colon before a
   * quoted or spaced value ("www.example.com: 'Ignore …'").
   */
  private static boolean gluedSentence(FoldedText folded, int i) {
    char ch = folded.chars[i];
    if (i + 1 >= folded.length) {
      return false;
    }
    char next = folded.chars[i + 1];
    if (ch == '.' || ch == '!' || ch == '?') {
      return folded.upper[i + 1] && i > 0 && !folded.upper[i - 1] && next >= 'a' && next <= 'z';
    }
    return ch == ':' && (next == ' ' || next == '\'' || next == '"');
  }

  private static boolean urlWord(char[] c, int start, int length) {
    return (length == 3 && c[start] == 'w' && c[start + 1] == 'w' && c[start + 2] == 'w')
        || ((length == 4 || length == 5)
            && c[start] == 'h'
            && c[start + 1] == 't'
            && c[start + 2] == 't'
            && c[start + 3] == 'p'
            && (length == 4 || c[start + 4] == 's'));
  }

  /** Two letters, two digits, then ten or more account chars: an IBAN-like account number. */
  private static boolean accountLike(char[] c, int start, int length) {
    if (length < 14 || length > 34) {
      return false;
    }
    if (!Character.isLetter(c[start])
        || !Character.isLetter(c[start + 1])
        || !Character.isDigit(c[start + 2])
        || !Character.isDigit(c[start + 3])) {
      return false;
    }
    int digits = 0;
    for (int k = start + 4; k < start + length; k++) {
      if (Character.isDigit(c[k])) {
        digits++;
      }
    }
    return digits >= 10;
  }
}
