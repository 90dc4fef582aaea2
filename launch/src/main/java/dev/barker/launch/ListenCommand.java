package dev.barker.launch;

import dev.barker.autobark.BarkClient;
import dev.barker.manifold.Address;
import dev.barker.manifold.node.LoginOptions;
import dev.barker.model.BarkerOptions;
import dev.barker.model.Mailboxes;
import dev.barker.model.UsersFile;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barker listen USER}: prints a user's inbox live. */
@Command(name = "listen", mixinStandardHelpOptions = true,
    description = "Prints USER's inbox as it arrives (the last 25 first): time, user, author, content. Ctrl-C stops.")
final class ListenCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "USER", description = "Whose inbox.")
  private String user;

  @Mixin
  private BarkerOptions barker = new BarkerOptions();

  @Mixin
  private LoginOptions login = new LoginOptions();

  @Override
  public Integer call() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<String> failure = new AtomicReference<>();
    Address inbox = Mailboxes.inbox(barker.directory(), user);
    LinkTrouble trouble = new LinkTrouble(err, "the inbox of " + user + " (" + inbox + ")");
    trouble.hopeless().onFailure(error -> {
      failure.set(error.getMessage());
      stopped.countDown();
    });
    try {
      BarkClient client = new BarkClient(login.linker(vertx), barker.directory(), UsersFile.loadOrCreate(barker.data()));
      client.listen(user, line -> {
        out.println(line);
        out.flush();
      }).errorHandler(trouble).linkedHandler(link -> {
        if (trouble.lastReason() != null) {
          err.println("barker: listening to " + inbox + " at " + link.linkedTo());
          err.flush();
        }
      });
    } catch (IllegalArgumentException e) {
      vertx.close();
      err.println("barker: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "barker-listen-stop"));
    stopped.await();
    vertx.close();
    if (failure.get() != null) {
      err.println("barker: cannot listen to " + inbox + ": " + failure.get());
      return CommandLine.ExitCode.SOFTWARE;
    }
    return CommandLine.ExitCode.OK;
  }
}
