package dev.sallyport.guards.screen;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signals of one screening call (all layers). Each rule counts once in the score, with its
 * highest weight; at most {@link #MAX_SIGNALS} signals are kept as evidence, so a text that trips a
 * rule a million times costs no more memory than one that trips it once.
 */
final class Evidence {
  static final int MAX_SIGNALS = 256;

  private final List<Signal> signals = new ArrayList<>();
  private final Map<String, Double> weightByRule = new HashMap<>();
  private final EnumSet<InjectionFlag> flags = EnumSet.noneOf(InjectionFlag.class);

  /** Spans are in folded coordinates of the layer until {@link #toRaw} is applied. */
  void add(InjectionFlag flag, String rule, double weight, int start, int end, int depth) {
    Double previous = weightByRule.get(rule);
    if (previous != null && previous >= weight) {
      return;
    }
    weightByRule.put(rule, weight);
    flags.add(flag);
    if (signals.size() < MAX_SIGNALS) {
      signals.add(new Signal(flag, rule, weight, start, end, depth));
    }
  }

  boolean fired(String rule) {
    return weightByRule.containsKey(rule);
  }

  int size() {
    return weightByRule.size();
  }

  List<Signal> signals() {
    return signals;
  }

  EnumSet<InjectionFlag> flags() {
    return flags;
  }

  /** Adds every signal of {@code layer}, with its span replaced by {@code [start, end)}. */
  void merge(Evidence layer, int start, int end) {
    for (Signal s : layer.signals) {
      add(s.flag(), s.rule(), s.weight(), start, end, s.depth());
    }
    // Rules beyond the evidence cap still count in the score.
    for (Map.Entry<String, Double> e : layer.weightByRule.entrySet()) {
      Double previous = weightByRule.get(e.getKey());
      if (previous == null || previous < e.getValue()) {
        weightByRule.put(e.getKey(), e.getValue());
      }
    }
    flags.addAll(layer.flags);
  }

  /** Adds every signal of {@code layer}, its folded spans mapped to the raw text. */
  void mergeMapped(Evidence layer, CharSequence raw) {
    int[] offsets = new int[layer.signals.size() * 2];
    for (int k = 0; k < layer.signals.size(); k++) {
      offsets[2 * k] = layer.signals.get(k).start();
      offsets[2 * k + 1] = layer.signals.get(k).end();
    }
    int[] order =
        java.util.stream.IntStream.range(0, offsets.length)
            .boxed()
            .sorted(java.util.Comparator.comparingInt(k -> offsets[k]))
            .mapToInt(Integer::intValue)
            .toArray();
    int[] sorted = new int[offsets.length];
    for (int k = 0; k < order.length; k++) {
      sorted[k] = offsets[order[k]];
    }
    FoldedText.toRaw(raw, sorted);
    int[] mapped = new int[offsets.length];
    for (int k = 0; k < order.length; k++) {
      mapped[order[k]] = sorted[k];
    }
    for (int k = 0; k < layer.signals.size(); k++) {
      Signal s = layer.signals.get(k);
      add(
          s.flag(),
          s.rule(),
          s.weight(),
          mapped[2 * k],
          Math.max(mapped[2 * k], mapped[2 * k + 1]),
          s.depth());
    }
    for (Map.Entry<String, Double> e : layer.weightByRule.entrySet()) {
      Double previous = weightByRule.get(e.getKey());
      if (previous == null || previous < e.getValue()) {
        weightByRule.put(e.getKey(), e.getValue());
      }
    }
    flags.addAll(layer.flags);
  }

  /** Noisy-OR over the rules that fired, each with its highest weight. */
  double score() {
    double clean = 1.0;
    for (double w : weightByRule.values()) {
      clean *= 1.0 - w;
    }
    // Rounded so that a rule of weight w alone scores exactly w against a threshold of w.
    return Math.min(1.0, Math.max(0.0, Math.round((1.0 - clean) * 1e9) / 1e9));
  }
}
