package dev.sallyport.guards.screen;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@link PhraseBook} over the tokens of one layer, left to right, keeping for every rule
 * and slot the latest token where a valid chain reached that slot. That is enough: a later chain
 * end is never worse for the gap limits ahead. Work per token is the number of (rule, slot) pairs
 * its word fills, independent of the text length. Rules match both as written and rot13-encoded; a
 * rot13 match also raises {@link InjectionFlag#ENCODED_PAYLOAD}.
 */
final class PhraseMatcher {
  private static final int NONE = Integer.MIN_VALUE / 2;
  private static final int ANCHOR_SLACK = 2;

  private final PhraseBook book;
  private final Evidence evidence;
  private final int depth;
  private final int rules;

  /** Per (variant rule, slot), at {@code offsets[v] + k}: flat, so that a layer costs 4 arrays. */
  private final int[] offsets;

  private final int[] last;
  private final int[] lastSegment;
  private final int[] chainStart;
  private final boolean[] fired;
  private final int[] pendingSegment;
  private final List<int[]> pending = new ArrayList<>(); // {variantRule, segment, start, end}

  PhraseMatcher(PhraseBook book, Evidence evidence, int depth) {
    this.book = book;
    this.evidence = evidence;
    this.depth = depth;
    this.rules = book.rules.size();
    offsets = new int[2 * rules];
    int total = 0;
    for (int r = 0; r < 2 * rules; r++) {
      offsets[r] = total;
      total += book.slotCounts[r % rules];
    }
    last = new int[total];
    lastSegment = new int[total];
    chainStart = new int[total];
    java.util.Arrays.fill(last, NONE);
    fired = new boolean[2 * rules];
    pendingSegment = new int[2 * rules];
    java.util.Arrays.fill(pendingSegment, -1);
  }

  /**
   * One token: {@code buf[start, start + length)}, its hash, and the hash without its last char
   * (for the plural fallback).
   */
  void token(
      char[] buf,
      int start,
      int length,
      int hash,
      int hashWithoutLast,
      int index,
      int segment,
      int positionInSegment,
      boolean comment) {
    int slot = book.find(buf, start, length, hash);
    if (slot < 0 && length > 3 && buf[start + length - 1] == 's') {
      slot = book.find(buf, start, length - 1, hashWithoutLast);
    }
    if (slot < 0) {
      return;
    }
    int[] plain = book.plainCodes(slot);
    if (plain != null) {
      advance(plain, 0, start, start + length, index, segment, positionInSegment, comment);
    }
    int[] rotated = book.rot13Codes(slot);
    if (rotated != null) {
      advance(rotated, rules, start, start + length, index, segment, positionInSegment, comment);
    }
  }

  private void advance(
      int[] codes,
      int variant,
      int start,
      int end,
      int index,
      int segment,
      int position,
      boolean comment) {
    for (int code : codes) {
      int r = PhraseBook.rule(code);
      int v = variant + r;
      if (fired[v]) {
        continue;
      }
      int k = PhraseBook.slot(code);
      PhraseRule rule = book.rules.get(r);
      if (comment && rule.proseOnly()) {
        continue;
      }
      if (k == 0) {
        if (rule.anchored() && position > ANCHOR_SLACK) {
          continue;
        }
        int o = offsets[v];
        if (book.slotCounts[r] == 1) {
          fire(v, rule, start, end, segment);
        } else {
          last[o] = index;
          lastSegment[o] = segment;
          chainStart[o] = start;
        }
        continue;
      }
      int p = offsets[v] + k - 1;
      int previous = last[p];
      if (previous == NONE
          || previous >= index
          || lastSegment[p] != segment
          || index - previous - 1 > book.gaps[r][k - 1]) {
        continue;
      }
      if (k == book.slotCounts[r] - 1) {
        fire(v, rule, chainStart[p], end, segment);
      } else {
        last[p + 1] = index;
        lastSegment[p + 1] = segment;
        chainStart[p + 1] = chainStart[p];
      }
    }
  }

  private void fire(int v, PhraseRule rule, int start, int end, int segment) {
    if (rule.needsTarget()) {
      if (pendingSegment[v] != segment) {
        pendingSegment[v] = segment;
        pending.add(new int[] {v, segment, start, end});
      }
      return;
    }
    emit(v, rule, start, end);
  }

  private void emit(int v, PhraseRule rule, int start, int end) {
    fired[v] = true;
    boolean rotated = v >= rules;
    evidence.add(
        rule.flag(), rotated ? "rot13:" + rule.id() : rule.id(), rule.weight(), start, end, depth);
    if (rotated) {
      evidence.add(InjectionFlag.ENCODED_PAYLOAD, "rot13-text", 0.4, start, end, depth);
    }
  }

  /** The sentence {@code segment} ended; {@code target} says whether it named an outside target. */
  void segmentEnd(int segment, boolean target) {
    if (pending.isEmpty()) {
      return;
    }
    for (int[] p : pending) {
      if (p[1] == segment && target && !fired[p[0]]) {
        emit(p[0], book.rules.get(p[0] % rules), p[2], p[3]);
      }
    }
    pending.clear();
  }
}
