package dev.barker.launch;

import dev.barker.directory.DirectoryCommand;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code barker} command: every service and tool of the project as a subcommand. */
@Command(name = "barker",
    mixinStandardHelpOptions = true,
    versionProvider = Barker.Version.class,
    description = "Barker, a tiny Twitter, on an AMQP 1.0 message manifold with no central broker.",
    footer = {"", "And, from the ./barker script: bench  compares the manifold with ActiveMQ Artemis, each in its own process "
        + "(a jar of its own; ./barker bench --help)."},
    subcommands = {LaunchCommand.class, DirectoryCommand.class, ManifoldCommand.class, BizlogicCommand.class,
        AutobarkCommand.class, MonitorCommand.class, WebUiCommand.class,
        BarkCommand.class, ListenCommand.class, RoutesCommand.class, CredentialsCommand.class, WarmupCommand.class,
        CommandLine.HelpCommand.class})
public final class Barker implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    BarkerDefaults defaults;
    try {
      defaults = BarkerDefaults.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("barker: " + e.getMessage());
      System.exit(CommandLine.ExitCode.USAGE);
      return;
    }
    Class<?> subcommand = args.length == 0 ? null : subcommand(args[0]);
    if (subcommand == null) {
      System.exit(configured(new CommandLine(new Barker()), defaults).execute(args));
    }
    // Only this subcommand's model: a service process starts faster than if picocli built them all.
    CommandLine single = configured(new CommandLine(subcommand), defaults).setCommandName("barker " + args[0]);
    single.getCommandSpec().versionProvider(new Version());
    System.exit(single.execute(Arrays.copyOfRange(args, 1, args.length)));
  }

  /** The command line, ready to execute (tests use it in-process), with defaults from {@code defaults}. */
  static CommandLine commandLine(BarkerDefaults defaults) {
    return configured(new CommandLine(new Barker()), defaults);
  }

  private static CommandLine configured(CommandLine commandLine, BarkerDefaults defaults) {
    return commandLine
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(defaults)
        .setParameterExceptionHandler((error, args) -> {
          CommandLine failed = error.getCommandLine();
          failed.getErr().println("barker: " + error.getMessage());
          failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more.");
          return CommandLine.ExitCode.USAGE;
        })
        .setExecutionExceptionHandler((error, failed, parsed) -> {
          failed.getErr().println("barker: " + error.getMessage());
          return CommandLine.ExitCode.USAGE;
        });
  }

  private static Class<?> subcommand(String name) {
    for (Class<?> candidate : Barker.class.getAnnotation(Command.class).subcommands()) {
      Command command = candidate.getAnnotation(Command.class);
      if (command != null && command.name().equals(name) && candidate != CommandLine.HelpCommand.class) {
        return candidate;
      }
    }
    return null;
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
