/**
 * JMH benchmarks of the in-process hot paths, run from {@code bench/target/benchmarks.jar}; the
 * commands and the latest figures are in {@code docs/benchmarks.md}.
 *
 * <p>The workload is a synthetic tenant ({@link dev.sallyport.bench.SyntheticTenant}: 200 tools in
 * 20 namespaces, 1,000 rules) written as an ordinary deployment folder and loaded with the real
 * {@link dev.sallyport.config.DeploymentLoader}, so the benchmarks measure the structures the
 * server builds, not hand-made shortcuts. Everything is generated deterministically: two runs
 * decide the same calls against the same rules.
 */
package dev.sallyport.bench;
