package dev.barker.launch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that runs a service until the process is told to stop (Ctrl-C, SIGTERM): starts
 * it, prints where it is, and on the way out closes it cleanly. A service that cannot start (a port
 * in use, say) ends the command with a message and exit code 1.
 */
abstract class ServiceCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** Starts the service; the future says what to print once it runs. */
  abstract Future<String> start(Vertx vertx);

  @Override
  public Integer call() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    String started;
    try {
      started = start(vertx).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      spec.commandLine().getErr().println("barker: " + e.getMessage());
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().onComplete(done -> stopped.countDown());
      awaitQuietly(stopped);
    }, "barker-shutdown"));
    spec.commandLine().getOut().println(started);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
