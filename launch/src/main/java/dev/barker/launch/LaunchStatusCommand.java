package dev.barker.launch;

import dev.barker.model.DataOption;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code barker launch status}: the table of the running launch, with each service's state and restarts. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Prints every service of the barker launch running with this data directory: state (up, starting, "
        + "restarting, exited), pid, how often it was started again, for how long it has been in that state.")
final class LaunchStatusCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private DataOption data = new DataOption();

  @Override
  public Integer call() {
    try {
      spec.commandLine().getOut().print(LaunchStatus.table(data.data().resolve(LaunchStatus.FILE_NAME),
          System.currentTimeMillis()));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalStateException | IOException e) {
      spec.commandLine().getErr().println("barker: " + e.getMessage());
      return 1;
    }
  }
}
