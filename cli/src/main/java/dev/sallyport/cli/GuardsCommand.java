package dev.sallyport.cli;

import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.eval.FileReport;
import dev.sallyport.guards.eval.GuardEvaluator;
import dev.sallyport.guards.eval.MalformedRowException;
import dev.sallyport.guards.screen.InjectionScreen;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sallyport guards}: the content guards (injection screen, PII and secret detectors). */
@Command(
    name = "guards",
    description = "Content guards: the injection screen and the PII and secret detectors.",
    subcommands = {GuardsCommand.Eval.class})
final class GuardsCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Use: sallyport guards eval --data DIR");
  }

  @Command(
      name = "eval",
      description =
          "Run the guards over the labelled JSON Lines files in DIR (*.jsonl): one JSON object per"
              + " file on standard output, a table on standard error. Exit 1 if a file cannot be"
              + " read or parsed.")
  static final class Eval implements Callable<Integer> {
    @Option(
        names = "--data",
        required = true,
        paramLabel = "DIR",
        description = "The folder of *.jsonl files.")
    Path data;

    @Override
    public Integer call() {
      return run(data, System.out, System.err);
    }

    static int run(Path data, PrintStream out, PrintStream err) {
      List<Path> files;
      try (Stream<Path> listing = Files.list(data)) {
        files =
            listing.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
      } catch (IOException e) {
        err.println("guards eval: cannot list " + data + ": " + e.getMessage());
        return 1;
      }
      if (files.isEmpty()) {
        err.println("guards eval: no *.jsonl files in " + data);
        return 1;
      }
      GuardEvaluator evaluator =
          new GuardEvaluator(
              InjectionScreen.withDefaults(),
              BuiltInDetectors.scanner(),
              GuardEvaluator.builtInTypes(),
              System::nanoTime);
      List<FileReport> reports = new ArrayList<>();
      for (Path file : files) {
        FileReport report;
        try {
          report =
              evaluator.evaluate(
                  file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.println("guards eval: cannot read " + file + ": " + e.getMessage());
          return 1;
        } catch (MalformedRowException e) {
          err.println("guards eval: " + e.getMessage());
          return 1;
        }
        out.println(report.toJson());
        out.flush();
        reports.add(report);
      }
      table(reports, err);
      return 0;
    }

    private static void table(List<FileReport> reports, PrintStream err) {
      String format = "%-44s %-15s %6s %8s %8s %9s %8s%n";
      err.printf(
          Locale.ROOT, format, "file", "kind", "rows", "recall", "fp rate", "precision", "MB/s");
      for (FileReport r : reports) {
        err.printf(
            Locale.ROOT,
            format,
            r.file(),
            r.kind(),
            r.rows(),
            ratio(r.overall().recall()),
            ratio(r.overall().falsePositiveRate()),
            ratio(r.overall().precision()),
            String.format(Locale.ROOT, "%.1f", r.megabytesPerSecond()));
        // Entities with neither gold nor predictions say nothing; the JSON has them all.
        r.perEntity().entrySet().stream()
            .filter(e -> e.getValue().gold() > 0 || e.getValue().predictions() > 0)
            .sorted(java.util.Map.Entry.comparingByKey())
            .forEach(e ->
                err.printf(
                    Locale.ROOT,
                    format,
                    "  " + abbreviate(e.getKey(), 42),
                    "",
                    e.getValue().gold(),
                    ratio(e.getValue().recall()),
                    ratio(e.getValue().falsePositiveRate()),
                    ratio(e.getValue().precision()),
                    ""));
      }
    }

    private static String abbreviate(String name, int width) {
      return name.length() <= width ? name : name.substring(0, width - 1) + "…";
    }

    private static String ratio(OptionalDouble value) {
      return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "-";
    }
  }
}
