package dev.barker.launch;

import dev.barker.manifold.Address;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.node.LoginOptions;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code barker routes}: prints the directory's routes, one line per address. */
@Command(name = "routes", mixinStandardHelpOptions = true,
    description = "Lists the directory's routes: address, policy and targets, oldest first.")
final class RoutesCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = {"-d", "--directory"}, paramLabel = "//HOST[:PORT]/directory",
      description = "The directory to ask (default: ${DEFAULT-VALUE}).")
  private String directory = "//127.0.0.1/directory";

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to try to reach it (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds = 5;

  @Mixin
  private LoginOptions login = new LoginOptions();

  @Override
  public Integer call() {
    Address address = Address.parse(directory);
    Vertx vertx = Vertx.vertx();
    AtomicReference<Throwable> lastError = new AtomicReference<>();
    try {
      Linker linker = login.linker(vertx);
      Routes routes = new Routes(linker, address);
      routes.errorHandler(lastError::set);
      routes.synced().await(timeoutSeconds, TimeUnit.SECONDS);
      for (RouteState route : routes.snapshot().values()) {
        spec.commandLine().getOut().println(route);
      }
      spec.commandLine().getOut().flush();
      return 0;
    } catch (Exception timeout) {
      Throwable why = lastError.get();
      spec.commandLine().getErr().println("barker: no answer from the directory at " + address + " within " + timeoutSeconds + " s"
          + (why == null ? "" : ": " + why.getMessage()));
      return 1;
    } finally {
      vertx.close();
    }
  }
}
