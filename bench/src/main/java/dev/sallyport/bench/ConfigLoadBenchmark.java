package dev.sallyport.bench;

import dev.sallyport.config.ConfigException;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.policy.ConditionCompiler;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading the 1,000-rule tenant the way {@code sallyport serve} and a reload do: a new {@link
 * ConditionCompiler} and {@link DeploymentLoader}, reading and validating every YAML file and
 * parsing, type-checking and planning every CEL condition. Each measured operation is one whole
 * load; the folder is written once per trial, so file writing is not measured (reading is).
 *
 * <p>Single-shot time, because a load is a cold, once-per-reload event: the first iteration is the
 * load a starting server pays, the later ones what a reload in a warm process pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class ConfigLoadBenchmark {
  private DeploymentFolder folder;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = DeploymentFolder.write(new SyntheticTenant());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    folder.close();
  }

  @Benchmark
  public Deployment loadTenant() throws ConfigException {
    return new DeploymentLoader(new ConditionCompiler()).load(folder.root());
  }
}
