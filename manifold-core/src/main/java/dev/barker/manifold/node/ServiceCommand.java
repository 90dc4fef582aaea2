package dev.barker.manifold.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that runs one service until the process is told to stop (Ctrl-C, SIGTERM, or the
 * death of the process named by {@code --exit-with}): starts it, prints its
 * {@link Service#description()} and {@link #READY} once it is registered, and on the way out closes
 * it cleanly. A service that cannot start (a port in use, say) ends the command with a message and
 * exit code 1.
 */
public abstract class ServiceCommand implements Callable<Integer> {

  /** How every service's start-up line ends; {@code barker launch} waits for it. */
  public static final String READY = " ready";
  private static final long START_SECONDS = 60;

  @Spec
  private CommandSpec spec;

  @Option(names = "--exit-with", hidden = true, paramLabel = "PID",
      description = "Exit when the process PID exits (barker launch passes its own).")
  private long exitWith;

  /** Starts the service on {@code vertx}. */
  protected abstract Future<? extends Service> start(Vertx vertx);

  /** Event loops the service runs on (Vert.x gets at least as many as it makes by default). */
  protected int eventLoops() {
    return 1;
  }

  @Override
  public final Integer call() throws InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(
        Math.max(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, eventLoops())));
    String started;
    try {
      started = start(vertx).compose(service -> service.registered().map(v -> service.description()))
          .await(START_SECONDS, TimeUnit.SECONDS);
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
    exitWithParent();
    spec.commandLine().getOut().println(started + READY);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  private void exitWithParent() {
    if (exitWith > 0) {
      ProcessHandle.of(exitWith).ifPresentOrElse(
          parent -> parent.onExit().thenRun(() -> System.exit(0)),
          () -> System.exit(0));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
