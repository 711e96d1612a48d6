package dev.sallyport.guards.eval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.guards.pii.EntityType;
import dev.sallyport.guards.pii.Finding;
import dev.sallyport.guards.pii.PiiScan;
import dev.sallyport.guards.pii.PiiScanner;
import dev.sallyport.guards.screen.InjectionScreen;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Runs the guards over the rows of one labelled file and scores them. How each kind is scored:
 *
 * <ul>
 *   <li><b>injection</b> (rows with {@code label}): a row is flagged when the screen's verdict is
 *       at least suspected. Recall over label-1 rows, false-positive rate over label-0 rows,
 *       precision over flagged rows.
 *   <li><b>pii_spans</b> (rows with gold {@code spans}): a gold span counts as found when a finding
 *       <em>of the same type</em> overlaps it by at least one char; a finding counts as correct
 *       when it overlaps a gold span of its type. Only types some detector emits are scored; the
 *       others (names, places, organisations…) are listed under {@code not_detected}. The
 *       false-positive rate is over rows with no gold span of a detected type: the share with any
 *       finding.
 *   <li><b>pii_recognizer</b> (rows with {@code expected_count}): counts, not spans. For the entity
 *       under test, {@code found} findings of that type against {@code expected}: min(found,
 *       expected) are correct, the excess are false positives, the shortfall misses. Rows whose
 *       entity no detector emits are listed under {@code not_detected}.
 *   <li><b>secrets</b> (rows with {@code rule_id}): a row is flagged when any {@code SECRET}
 *       finding is reported; label per row, scored overall and per {@code rule_id}. The figure that
 *       also counts {@code PUBLISHABLE_KEY} findings is reported under {@code alternatives}.
 * </ul>
 *
 * Throughput is the UTF-8 size of the texts over the time spent inside the guard calls in one pass,
 * measured with the injected clock after untimed warm-up passes (up to 50, or 3 s). It is a per-row
 * figure on short texts, so per-call costs weigh in; the JMH benchmark in {@code bench} measures
 * sustained throughput on large inputs.
 */
public final class GuardEvaluator {
  private final InjectionScreen screen;
  private final PiiScanner scanner;
  private final Set<String> emittedTypes;
  private final LongSupplier nanoTime;
  private static final int WARM_UP_PASSES = 50;
  private static final long WARM_UP_NANOS = 3_000_000_000L;

  private final RowParser parser = new RowParser();

  public GuardEvaluator(
      InjectionScreen screen,
      PiiScanner scanner,
      Set<EntityType> emittedTypes,
      LongSupplier nanoTime) {
    this.screen = requireNonNull(screen, "screen is null");
    this.scanner = requireNonNull(scanner, "scanner is null");
    this.emittedTypes = new HashSet<>();
    emittedTypes.forEach(t -> this.emittedTypes.add(t.name()));
    this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
  }

  /** The types the built-in detectors emit. */
  public static Set<EntityType> builtInTypes() {
    return Set.of(
        EntityType.EMAIL_ADDRESS,
        EntityType.PHONE_NUMBER,
        EntityType.CREDIT_CARD,
        EntityType.IBAN_CODE,
        EntityType.US_SSN,
        EntityType.UK_NINO,
        EntityType.IP_ADDRESS,
        EntityType.SECRET);
  }

  /**
   * Scores the non-blank {@code lines} of the file {@code name}. Throws {@link
   * MalformedRowException} (with the line number) for a row that does not parse, or when a file
   * mixes kinds of rows.
   */
  public FileReport evaluate(String name, List<String> lines) {
    List<LabelledRow> rows = new ArrayList<>();
    for (int k = 0; k < lines.size(); k++) {
      String line = lines.get(k);
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(parser.parse(line));
      } catch (MalformedRowException e) {
        throw new MalformedRowException(name + ":" + (k + 1) + ": " + e.getMessage());
      }
    }
    if (rows.isEmpty()) {
      return new FileReport(
          name, "empty", 0, Counts.empty(), 0, Map.of(), Map.of(), Map.of(), Map.of());
    }
    Class<?> kind = rows.get(0).getClass();
    for (LabelledRow row : rows) {
      if (row.getClass() != kind) {
        throw new MalformedRowException(name + ": rows of different kinds in one file");
      }
    }
    long bytes = 0;
    for (LabelledRow row : rows) {
      bytes += row.text().getBytes(StandardCharsets.UTF_8).length;
    }
    // Warm-up: passes until the JIT has compiled the guards (50 passes or 3 s, whichever first),
    // so that small files are not timed in the interpreter.
    long[] warmUp = new long[1];
    for (int pass = 0; pass < WARM_UP_PASSES && warmUp[0] < WARM_UP_NANOS; pass++) {
      run(rows, warmUp);
    }
    long[] elapsed = new long[1];
    List<Outcome> outcomes = run(rows, elapsed);
    double seconds = Math.max(elapsed[0], 1) / 1e9;
    double mbPerS = bytes / 1e6 / seconds;
    return switch (rows.get(0)) {
      case LabelledRow.Injection i -> injection(name, rows, outcomes, mbPerS);
      case LabelledRow.Spans s -> spans(name, rows, outcomes, mbPerS);
      case LabelledRow.Recognizer r -> recognizer(name, rows, outcomes, mbPerS);
      case LabelledRow.Secret s -> secrets(name, rows, outcomes, mbPerS);
    };
  }

  /** What the guard said about one row. */
  private sealed interface Outcome permits Flagged, Found {}

  private record Flagged(boolean suspected) implements Outcome {}

  private record Found(List<Finding> findings) implements Outcome {}

  /** Runs the guard that fits each row. */
  private List<Outcome> run(List<LabelledRow> rows, long[] elapsed) {
    List<Outcome> outcomes = new ArrayList<>(rows.size());
    for (LabelledRow row : rows) {
      long start = nanoTime.getAsLong();
      Outcome outcome =
          switch (row) {
            case LabelledRow.Injection i -> new Flagged(screen.screen(i.text()).suspected());
            case LabelledRow.Spans s -> new Found(findings(s.text()));
            case LabelledRow.Recognizer r -> new Found(findings(r.text()));
            case LabelledRow.Secret s -> new Found(findings(s.text()));
          };
      elapsed[0] += nanoTime.getAsLong() - start;
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private List<Finding> findings(String text) {
    return switch (scanner.scan(text)) {
      case PiiScan.Scanned scanned -> scanned.findings();
      case PiiScan.Refused refused ->
          throw new MalformedRowException("the scanner refused a row: " + refused.reason());
    };
  }

  private static FileReport injection(
      String name, List<LabelledRow> rows, List<Outcome> outcomes, double mbPerS) {
    Counts overall = Counts.empty();
    Map<String, Counts> perStyle = new HashMap<>();
    for (int k = 0; k < rows.size(); k++) {
      LabelledRow.Injection row = (LabelledRow.Injection) rows.get(k);
      boolean flagged = outcomes.get(k) instanceof Flagged f && f.suspected();
      Counts c = rowCounts(row.injected(), flagged);
      overall = overall.plus(c);
      perStyle.merge(row.style(), c, Counts::plus);
    }
    return new FileReport(
        name, "injection", rows.size(), overall, mbPerS, Map.of(), perStyle, Map.of(), Map.of());
  }

  private FileReport secrets(
      String name, List<LabelledRow> rows, List<Outcome> outcomes, double mbPerS) {
    Counts overall = Counts.empty();
    Counts withPublishable = Counts.empty();
    Map<String, Counts> perRule = new HashMap<>();
    for (int k = 0; k < rows.size(); k++) {
      LabelledRow.Secret row = (LabelledRow.Secret) rows.get(k);
      boolean flagged = false;
      boolean publishable = false;
      for (Finding f : findingsOf(outcomes.get(k))) {
        flagged |= f.type().equals(EntityType.SECRET);
        publishable |= f.type().equals(EntityType.PUBLISHABLE_KEY);
      }
      Counts c = rowCounts(row.secret(), flagged);
      overall = overall.plus(c);
      withPublishable = withPublishable.plus(rowCounts(row.secret(), flagged || publishable));
      perRule.merge(row.ruleId(), c, Counts::plus);
    }
    return new FileReport(
        name,
        "secrets",
        rows.size(),
        overall,
        mbPerS,
        perRule,
        Map.of(),
        Map.of(),
        Map.of("publishable_keys_as_secrets", withPublishable));
  }

  private FileReport spans(
      String name, List<LabelledRow> rows, List<Outcome> outcomes, double mbPerS) {
    Map<String, Counts> perEntity = new HashMap<>();
    Map<String, Long> notDetected = new HashMap<>();
    Counts overall = Counts.empty();
    for (int k = 0; k < rows.size(); k++) {
      LabelledRow.Spans row = (LabelledRow.Spans) rows.get(k);
      List<Finding> found = findingsOf(outcomes.get(k));
      for (LabelledRow.GoldSpan g : row.spans()) {
        if (!emittedTypes.contains(g.type())) {
          notDetected.merge(g.type(), 1L, Long::sum);
        }
      }
      boolean rowHasGold = false;
      boolean rowFlagged = !found.isEmpty();
      long gold = 0;
      long matchedGold = 0;
      long predictions = 0;
      long matchedPredictions = 0;
      for (String type : emittedTypes) {
        List<LabelledRow.GoldSpan> g =
            row.spans().stream().filter(s -> s.type().equals(type)).toList();
        List<Finding> p = found.stream().filter(f -> f.type().name().equals(type)).toList();
        long mg = g.stream().filter(s -> p.stream().anyMatch(f -> overlaps(f, s))).count();
        long mp = p.stream().filter(f -> g.stream().anyMatch(s -> overlaps(f, s))).count();
        boolean negative = g.isEmpty();
        Counts c =
            new Counts(
                g.size(), mg, p.size(), mp, negative ? 1 : 0, negative && !p.isEmpty() ? 1 : 0);
        perEntity.merge(type, c, Counts::plus);
        rowHasGold |= !g.isEmpty();
        gold += g.size();
        matchedGold += mg;
        predictions += p.size();
        matchedPredictions += mp;
      }
      overall =
          overall.plus(
              new Counts(
                  gold,
                  matchedGold,
                  predictions,
                  matchedPredictions,
                  rowHasGold ? 0 : 1,
                  !rowHasGold && rowFlagged ? 1 : 0));
    }
    perEntity.values().removeIf(c -> c.gold() == 0 && c.predictions() == 0);
    return new FileReport(
        name,
        "pii_spans",
        rows.size(),
        overall,
        mbPerS,
        perEntity,
        Map.of(),
        notDetected,
        Map.of());
  }

  private FileReport recognizer(
      String name, List<LabelledRow> rows, List<Outcome> outcomes, double mbPerS) {
    Map<String, Counts> perEntity = new HashMap<>();
    Map<String, Long> notDetected = new HashMap<>();
    Counts overall = Counts.empty();
    for (int k = 0; k < rows.size(); k++) {
      LabelledRow.Recognizer row = (LabelledRow.Recognizer) rows.get(k);
      Set<String> underTest = new HashSet<>(row.entitiesUnderTest());
      if (underTest.isEmpty() || !emittedTypes.containsAll(underTest)) {
        underTest.forEach(t -> notDetected.merge(t, 1L, Long::sum));
        continue;
      }
      long found =
          findingsOf(outcomes.get(k)).stream()
              .filter(f -> underTest.contains(f.type().name()))
              .count();
      long expected = row.expectedCount();
      long matched = Math.min(found, expected);
      Counts c =
          new Counts(
              expected,
              matched,
              found,
              matched,
              expected == 0 ? 1 : 0,
              expected == 0 && found > 0 ? 1 : 0);
      overall = overall.plus(c);
      String key = String.join("+", row.entitiesUnderTest().stream().distinct().sorted().toList());
      perEntity.merge(key, c, Counts::plus);
    }
    return new FileReport(
        name,
        "pii_recognizer",
        rows.size(),
        overall,
        mbPerS,
        perEntity,
        Map.of(),
        notDetected,
        Map.of());
  }

  private static Counts rowCounts(boolean positive, boolean flagged) {
    return new Counts(
        positive ? 1 : 0,
        positive && flagged ? 1 : 0,
        flagged ? 1 : 0,
        positive && flagged ? 1 : 0,
        positive ? 0 : 1,
        !positive && flagged ? 1 : 0);
  }

  private static boolean overlaps(Finding f, LabelledRow.GoldSpan g) {
    return f.start() < g.end() && g.start() < f.end();
  }

  private static List<Finding> findingsOf(Outcome outcome) {
    return switch (outcome) {
      case Found found -> found.findings();
      case Flagged flagged -> List.of();
    };
  }
}
