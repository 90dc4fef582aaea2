package dev.barker.launch;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code barker} command: every service and tool of the project as a subcommand. */
@Command(name = "barker",
    mixinStandardHelpOptions = true,
    versionProvider = Barker.Version.class,
    description = "Barker, a tiny Twitter, on an AMQP 1.0 message manifold with no central broker.",
    subcommands = {LaunchCommand.class, DirectoryCommand.class, ManifoldCommand.class, BizlogicCommand.class, AutobarkCommand.class,
        BarkCommand.class, ListenCommand.class, RoutesCommand.class, CommandLine.HelpCommand.class})
public final class Barker implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, ready to execute (tests use it in-process). */
  public static CommandLine commandLine() {
    return new CommandLine(new Barker())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((error, commandLine, parsed) -> {
          commandLine.getErr().println("barker: " + error.getMessage());
          return 2;
        });
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** The version from the jar manifest (the Maven project version). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Barker.class.getPackage().getImplementationVersion();
      return new String[] {"barker " + (version == null ? "(development build)" : version)
          + ", Java " + Runtime.version()};
    }
  }
}
