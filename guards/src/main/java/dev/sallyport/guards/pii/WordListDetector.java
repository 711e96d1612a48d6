package dev.sallyport.guards.pii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An operator's list of words or phrases (project code names, customer names), matched as whole
 * words, case-insensitively. A phrase is a sequence of words; the text is tokenised once into words
 * of letters and digits, and each word starts at most one lookup per phrase length, so the work is
 * linear in the text times the number of distinct phrase lengths (at most {@link #MAX_WORDS}).
 */
public final class WordListDetector implements Detector {
  /** The most words a phrase may have. */
  public static final int MAX_WORDS = 8;

  private final EntityType type;
  private final Set<String> phrases = new HashSet<>();
  private final boolean[] lengths = new boolean[MAX_WORDS + 1];

  public WordListDetector(EntityType type, List<String> entries) {
    this.type = requireNonNull(type, "type is null");
    requireNonNull(entries, "entries is null");
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("word list for " + type.name() + " is empty");
    }
    for (String entry : entries) {
      List<String> words = words(entry);
      if (words.isEmpty() || words.size() > MAX_WORDS) {
        throw new IllegalArgumentException(
            "word list entry for " + type.name() + " must have 1 to " + MAX_WORDS + " words");
      }
      phrases.add(String.join(" ", words));
      lengths[words.size()] = true;
    }
  }

  @Override
  public String name() {
    return "words-" + type.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    int[] starts = new int[MAX_WORDS];
    int[] ends = new int[MAX_WORDS];
    int count = 0; // words in the ring buffer
    int i = 0;
    while (i < n) {
      if (!Character.isLetterOrDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      int slot = count % MAX_WORDS;
      starts[slot] = start;
      ends[slot] = i;
      count++;
      // Phrases ending at this word, of every configured length.
      for (int length = 1; length <= Math.min(MAX_WORDS, count); length++) {
        if (!lengths[length]) {
          continue;
        }
        int firstSlot = (count - length) % MAX_WORDS;
        StringBuilder phrase = new StringBuilder();
        for (int k = count - length; k < count; k++) {
          int s = k % MAX_WORDS;
          if (phrase.length() > 0) {
            phrase.append(' ');
          }
          phrase.append(text, starts[s], ends[s]);
        }
        if (phrases.contains(phrase.toString().toLowerCase(Locale.ROOT))) {
          findings.add(new Finding(type, starts[firstSlot], i, 0.9, name()));
        }
      }
    }
  }

  private static List<String> words(String entry) {
    List<String> words = new ArrayList<>();
    String lower = entry.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < lower.length()) {
      if (!Character.isLetterOrDigit(lower.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < lower.length() && Character.isLetterOrDigit(lower.charAt(i))) {
        i++;
      }
      words.add(lower.substring(start, i));
    }
    return words;
  }
}
