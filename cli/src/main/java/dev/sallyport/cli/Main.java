package dev.sallyport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sallyport} command. */
@Command(
    name = "sallyport",
    mixinStandardHelpOptions = true,
    version = "sallyport 0.1.0",
    description = "A control plane between AI agents and the systems they act on.",
    subcommands = {
      ServeCommand.class,
      ExecutorCommand.class,
      DemoCommand.class,
      PolicyCommand.class,
      KeysCommand.class,
      LedgerCommand.class,
      GuardsCommand.class,
      SiemCommand.class,
      AgentsCommand.class,
      ActionsCommand.class,
      ToolsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
