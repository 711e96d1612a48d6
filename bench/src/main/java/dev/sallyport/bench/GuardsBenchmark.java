package dev.sallyport.bench;

import dev.sallyport.guards.BuiltInDetectors;
import dev.sallyport.guards.pii.PiiScan;
import dev.sallyport.guards.pii.PiiScanner;
import dev.sallyport.guards.screen.InjectionFlag;
import dev.sallyport.guards.screen.InjectionScreen;
import dev.sallyport.guards.screen.ScreenResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the content guards on one core: the injection screen and the PII and secret scan
 * over {@link AdversarialText} of 1 and 10 MiB (chars). One operation screens or scans the whole
 * text. Equal MB/s at both sizes shows the work is linear: no input shape in the mix makes a
 * scanner super-linear.
 *
 * <p>Two figures: the average wall time per operation (the primary score), and {@code cpuMBps}, the
 * size over the CPU time of the benchmark thread (from {@code ThreadMXBean}). On a shared machine
 * the wall time includes waiting for a core; CPU time measures the work itself, which is what "MB/s
 * per core" means.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class GuardsBenchmark {
  @Param({"1", "10"})
  public int mebibytes;

  private String text;
  private InjectionScreen screen;
  private PiiScanner scanner;

  @Setup(Level.Trial)
  public void setUp() {
    text = AdversarialText.of(mebibytes << 20);
    screen = InjectionScreen.withDefaults();
    scanner = BuiltInDetectors.scanner();
    // The input must be screened and scanned completely, not refused for its size.
    if (screen.screen(text).flags().contains(InjectionFlag.OVERSIZE_INPUT)
        || !(scanner.scan(text) instanceof PiiScan.Scanned)) {
      throw new IllegalStateException("the benchmark input was refused; raise the limits");
    }
  }

  /**
   * The work done and the CPU time it took, on the benchmark thread. JMH sums these counters over
   * the measured iterations, so MB/s per core is {@code megabytes / cpuSeconds} of one line.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Text processed, in 10^6 chars (one char of text counted as one byte). */
    public double megabytes;

    /** CPU time of the benchmark thread while processing it. */
    public double cpuSeconds;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
      cpuSeconds = 0;
    }

    long start() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void stop(long started, int length) {
      cpuSeconds += (THREADS.getCurrentThreadCpuTime() - started) / 1e9;
      megabytes += length / 1e6;
    }
  }

  @Benchmark
  public ScreenResult injectionScreen(CpuTime cpu) {
    long started = cpu.start();
    ScreenResult result = screen.screen(text);
    cpu.stop(started, text.length());
    return result;
  }

  @Benchmark
  public PiiScan piiScan(CpuTime cpu) {
    long started = cpu.start();
    PiiScan scan = scanner.scan(text);
    cpu.stop(started, text.length());
    return scan;
  }
}
