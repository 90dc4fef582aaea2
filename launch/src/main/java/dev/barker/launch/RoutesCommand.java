package dev.barker.launch;

import dev.barker.manifold.Address;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.link.Link;
import dev.barker.manifold.node.LoginOptions;
import dev.barker.manifold.node.OptionValues;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code barker routes}: prints the directory's routes, one line per address. */
@Command(name = "routes", mixinStandardHelpOptions = true,
    description = "Lists the directory's routes: address, policy and targets, sorted by address.")
final class RoutesCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = {"-d", "--directory"}, paramLabel = "//HOST[:PORT]/directory",
      description = "The directory to ask (default: ${DEFAULT-VALUE}).")
  private String directory = "//127.0.0.1/directory";

  @Option(names = "--timeout", converter = OptionValues.AtLeastOne.class, paramLabel = "SECONDS", description = "How long to try to reach it (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds = 5;

  @Mixin
  private LoginOptions login = new LoginOptions();

  @Override
  public Integer call() {
    Address address = Address.parse(directory);
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    LinkTrouble trouble = new LinkTrouble(err, "the directory at " + address);
    try {
      Routes routes = new Routes(login.linker(vertx), address);
      routes.errorHandler(trouble);
      trouble.unlessHopeless(routes.synced()).await(timeoutSeconds, TimeUnit.SECONDS);
      for (RouteState route : routes.snapshot().values()) {
        spec.commandLine().getOut().println(route);
      }
      spec.commandLine().getOut().flush();
      return CommandLine.ExitCode.OK;
    } catch (TimeoutException e) {
      err.println("barker: no answer from the directory at " + address + " within " + timeoutSeconds + " s"
          + (trouble.lastReason() == null ? "" : ": " + trouble.lastReason()));
      return CommandLine.ExitCode.SOFTWARE;
    } catch (Exception e) {
      err.println("barker: cannot ask the directory at " + address + ": " + Link.reason(e));
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      vertx.close();
    }
  }
}
