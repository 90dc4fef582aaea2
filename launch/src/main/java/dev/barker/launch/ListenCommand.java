package dev.barker.launch;

import dev.barker.autobark.BarkClient;
import dev.barker.manifold.link.Linker;
import dev.barker.model.BarkerOptions;
import dev.barker.model.UsersFile;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Override
  public Integer call() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    PrintWriter out = spec.commandLine().getOut();
    try {
      BarkClient client = new BarkClient(new Linker(vertx), barker.directory(), UsersFile.loadOrCreate(barker.data()));
      client.listen(user, line -> {
        out.println(line);
        out.flush();
      });
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("barker: " + e.getMessage());
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "barker-listen-stop"));
    stopped.await();
    return 0;
  }
}
