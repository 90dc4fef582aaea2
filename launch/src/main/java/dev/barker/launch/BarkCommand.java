package dev.barker.launch;

import dev.barker.autobark.BarkClient;
import dev.barker.manifold.node.LoginOptions;
import dev.barker.model.Bark;
import dev.barker.model.BarkerOptions;
import dev.barker.model.UsersFile;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barker bark USER TEXT...}: sends one bark. */
@Command(name = "bark", mixinStandardHelpOptions = true, description = "Barks TEXT as USER; waits until the outbox accepts it.")
final class BarkCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "USER", description = "Who barks (a user in users.json).")
  private String user;

  @Parameters(index = "1..*", paramLabel = "TEXT", description = "What to say (1 to 280 characters).")
  private List<String> text = List.of();

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the outbox (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds = 10;

  @Mixin
  private BarkerOptions barker = new BarkerOptions();

  @Mixin
  private LoginOptions login = new LoginOptions();

  @Override
  public Integer call() {
    Vertx vertx = Vertx.vertx();
    try {
      BarkClient client = new BarkClient(login.linker(vertx), barker.directory(), UsersFile.loadOrCreate(barker.data()));
      Bark bark = client.bark(user, String.join(" ", text)).await(timeoutSeconds, TimeUnit.SECONDS);
      spec.commandLine().getOut().println("accepted " + bark.id());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("barker: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      spec.commandLine().getErr().println("barker: the outbox for " + user + " did not accept the bark within "
          + timeoutSeconds + " s" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return 1;
    } finally {
      vertx.close();
    }
  }
}
