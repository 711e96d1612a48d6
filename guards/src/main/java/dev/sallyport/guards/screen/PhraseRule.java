package dev.sallyport.guards.screen;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A phrase rule over words: a sequence of slots, each a set of words, with a maximum number of
 * other words allowed between consecutive slots, all within one sentence. Written as a small
 * pattern language compiled when the screen is built:
 *
 * <pre>
 *   ^ignore|disregard ~3 previous|prior|above ~2 instruction|instructions
 * </pre>
 *
 * <ul>
 *   <li>slots are separated by spaces; a slot lists its words separated by {@code |};
 *   <li>{@code ~N} between two slots allows up to N other words between them (default 0);
 *   <li>{@code ^} before the first slot anchors it to the start of a sentence (at most two words,
 *       such as "please" or "now", may come before it);
 *   <li>{@code $NAME} stands for a word class defined once (see {@link RuleCatalogue}).
 * </ul>
 *
 * Words match whole tokens of the folded text (lower case letters, digits and {@code _}); a token
 * ending in {@code s} also matches the word without it.
 *
 * @param id a stable id, reported in signals
 * @param flag the flag the rule raises
 * @param weight its weight in the score
 * @param slots the words of each slot
 * @param gaps {@code gaps.get(k)} is the most words allowed between slot k and slot k+1
 * @param anchored whether the first slot must start a sentence
 * @param needsTarget whether the sentence must also name an outside target (an e-mail address, a
 *     URL or an account number) for the rule to fire
 * @param proseOnly whether the rule ignores lines that are code comments
 */
record PhraseRule(
    String id,
    InjectionFlag flag,
    double weight,
    List<Set<String>> slots,
    List<Integer> gaps,
    boolean anchored,
    boolean needsTarget,
    boolean proseOnly) {

  static final int MAX_SLOTS = 8;

  PhraseRule {
    requireNonNull(id, "id is null");
    requireNonNull(flag, "flag is null");
    slots = List.copyOf(slots);
    gaps = List.copyOf(gaps);
    if (slots.isEmpty() || slots.size() > MAX_SLOTS || gaps.size() != slots.size() - 1) {
      throw new IllegalArgumentException("rule " + id + ": 1 to " + MAX_SLOTS + " slots");
    }
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("rule " + id + ": weight must be in (0, 1]");
    }
  }

  /** Compiles {@code spec}, expanding {@code $NAME} from {@code classes}. */
  static PhraseRule compile(
      String id,
      InjectionFlag flag,
      double weight,
      String spec,
      boolean needsTarget,
      boolean proseOnly,
      Map<String, String> classes) {
    List<Set<String>> slots = new ArrayList<>();
    List<Integer> gaps = new ArrayList<>();
    boolean anchored = false;
    int pendingGap = 0;
    for (String part : spec.trim().split(" ")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.startsWith("~")) {
        pendingGap = Integer.parseInt(part.substring(1));
        continue;
      }
      if (part.startsWith("^")) {
        if (!slots.isEmpty()) {
          throw new IllegalArgumentException("rule " + id + ": ^ only before the first slot");
        }
        anchored = true;
        part = part.substring(1);
      }
      List<String> words = new ArrayList<>();
      for (String word : part.split("\\|")) {
        if (word.startsWith("$")) {
          String expansion = classes.get(word.substring(1));
          if (expansion == null) {
            throw new IllegalArgumentException("rule " + id + ": unknown class " + word);
          }
          words.addAll(List.of(expansion.split("\\|")));
        } else if (!word.isEmpty()) {
          words.add(word);
        }
      }
      for (String word : words) {
        for (int k = 0; k < word.length(); k++) {
          if (!FoldedText.isWordChar(word.charAt(k))) {
            throw new IllegalArgumentException("rule " + id + ": bad word '" + word + "'");
          }
        }
      }
      if (!slots.isEmpty()) {
        gaps.add(pendingGap);
      }
      pendingGap = 0;
      slots.add(Set.copyOf(words));
    }
    return new PhraseRule(id, flag, weight, slots, gaps, anchored, needsTarget, proseOnly);
  }
}
