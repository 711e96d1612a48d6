package dev.sallyport.guards.screen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The phrase rules compiled into a word table: for each word, the (rule, slot) pairs it can fill,
 * both as written and rot13-encoded. Looking a token up costs one hash and, on a hit, one compare;
 * the table is built once and only read afterwards.
 */
final class PhraseBook {
  final List<PhraseRule> rules;
  final int[][] gaps;
  final int[] slotCounts;
  private final char[][] keys;
  private final int[][] plain;
  private final int[][] rot13;
  private final int mask;

  PhraseBook(List<PhraseRule> rules) {
    this.rules = List.copyOf(rules);
    gaps = new int[rules.size()][];
    slotCounts = new int[rules.size()];
    Map<String, List<Integer>> plainCodes = new HashMap<>();
    Map<String, List<Integer>> rotCodes = new HashMap<>();
    for (int r = 0; r < rules.size(); r++) {
      PhraseRule rule = rules.get(r);
      slotCounts[r] = rule.slots().size();
      gaps[r] = rule.gaps().stream().mapToInt(Integer::intValue).toArray();
      for (int k = 0; k < rule.slots().size(); k++) {
        for (String word : rule.slots().get(k)) {
          int code = code(r, k);
          plainCodes.computeIfAbsent(word, w -> new ArrayList<>()).add(code);
          String rotated = rot13(word);
          if (!rotated.equals(word)) {
            rotCodes.computeIfAbsent(rotated, w -> new ArrayList<>()).add(code);
          }
        }
      }
    }
    List<String> words = new ArrayList<>(plainCodes.keySet());
    for (String w : rotCodes.keySet()) {
      if (!plainCodes.containsKey(w)) {
        words.add(w);
      }
    }
    int capacity = Integer.highestOneBit(Math.max(16, words.size() * 4) - 1) << 1;
    mask = capacity - 1;
    keys = new char[capacity][];
    plain = new int[capacity][];
    rot13 = new int[capacity][];
    for (String word : words) {
      char[] key = word.toCharArray();
      int slot = hash(key, 0, key.length) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      plain[slot] = sortedForMatching(plainCodes.get(word));
      rot13[slot] = sortedForMatching(rotCodes.get(word));
    }
  }

  static PhraseBook defaults() {
    List<PhraseRule> rules = new ArrayList<>();
    for (RuleCatalogue.Spec spec : RuleCatalogue.specs()) {
      rules.add(
          PhraseRule.compile(
              spec.id(),
              spec.flag(),
              spec.weight(),
              spec.pattern(),
              spec.needsTarget(),
              spec.proseOnly(),
              RuleCatalogue.CLASSES));
    }
    return new PhraseBook(rules);
  }

  static int code(int rule, int slot) {
    return (rule << 3) | slot;
  }

  static int rule(int code) {
    return code >>> 3;
  }

  static int slot(int code) {
    return code & 7;
  }

  /** The table slot of {@code buf[start, start + length)} with hash {@code h}, or -1. */
  int find(char[] buf, int start, int length, int h) {
    int slot = h & mask;
    while (true) {
      char[] key = keys[slot];
      if (key == null) {
        return -1;
      }
      if (key.length == length) {
        boolean same = true;
        for (int k = 0; k < length && same; k++) {
          same = key[k] == buf[start + k];
        }
        if (same) {
          return slot;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  int[] plainCodes(int slot) {
    return plain[slot];
  }

  int[] rot13Codes(int slot) {
    return rot13[slot];
  }

  static int hash(char[] buf, int start, int length) {
    int h = 0;
    for (int k = 0; k < length; k++) {
      h = 31 * h + buf[start + k];
    }
    return mix(h);
  }

  static int mix(int h) {
    return h ^ (h >>> 16) ^ (h >>> 7);
  }

  /**
   * Within a rule, higher slots first, so that one token never fills slot k and slot k+1 of the
   * same rule in one step.
   */
  private static int[] sortedForMatching(List<Integer> codes) {
    if (codes == null) {
      return null;
    }
    return codes.stream()
        .sorted(Comparator.comparingInt((Integer c) -> rule(c)).thenComparingInt(c -> -slot(c)))
        .distinct()
        .mapToInt(Integer::intValue)
        .toArray();
  }

  static String rot13(String word) {
    StringBuilder b = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      b.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 13) % 26) : c);
    }
    return b.toString();
  }
}
