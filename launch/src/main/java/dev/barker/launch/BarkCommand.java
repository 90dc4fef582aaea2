package dev.barker.launch;

import dev.barker.autobark.BarkClient;
import dev.barker.manifold.link.Link;
import dev.barker.manifold.node.LoginOptions;
import dev.barker.manifold.node.OptionValues;
import dev.barker.model.Bark;
import dev.barker.model.BarkerOptions;
import dev.barker.model.InvalidBarkException;
import dev.barker.model.Mailboxes;
import dev.barker.model.UsersFile;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code barker bark USER TEXT...}: sends one bark. */
@Command(name = "bark", mixinStandardHelpOptions = true, description = "Barks TEXT as USER; waits until the outbox accepts it.")
final class BarkCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "USER", description = "Who barks (a user in users.json).")
  private String user;

  @Parameters(index = "1..*", paramLabel = "TEXT", description = "What to say (1 to 280 characters).")
  private List<String> text = List.of();

  @Option(names = "--timeout", converter = OptionValues.AtLeastOne.class, paramLabel = "SECONDS", description = "How long to wait for the outbox (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds = 5;

  @Mixin
  private BarkerOptions barker = new BarkerOptions();

  @Mixin
  private LoginOptions login = new LoginOptions();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    LinkTrouble trouble = new LinkTrouble(err, "the outbox of " + user + " (" + Mailboxes.outbox(barker.directory(), user) + ")");
    try {
      BarkClient client = new BarkClient(login.linker(vertx), barker.directory(), UsersFile.loadOrCreate(barker.data()));
      Bark bark = trouble.unlessHopeless(client.bark(user, String.join(" ", text), trouble))
          .await(timeoutSeconds, TimeUnit.SECONDS);
      spec.commandLine().getOut().println("accepted " + bark.id());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (InvalidBarkException e) {
      err.println("barker: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    } catch (TimeoutException e) {
      err.println("barker: the outbox of " + user + " did not accept the bark within " + timeoutSeconds + " s"
          + (trouble.lastReason() == null ? "" : ": " + trouble.lastReason()));
      return CommandLine.ExitCode.SOFTWARE;
    } catch (Exception e) {
      err.println("barker: the bark was not sent: " + Link.reason(e));
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      vertx.close();
    }
  }
}
