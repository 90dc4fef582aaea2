package dev.barker.launch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One service of {@code barker launch} over its lifetime. Once it has been ready, a process of it
 * that exits without being asked to is started again after a back-off (1 s, doubling to 30 s; back
 * to 1 s once a process has stayed up a minute), on the port its first process listened on, so
 * that its address stays what the others were told.
 */
final class Supervised {

  /** What it is doing now. */
  enum State { STARTING, UP, WAITING, EXITED, STOPPED }

  /** One row of the status table. */
  record Status(String name, String address, String hostPort, long pid, State state, int restarts, long sinceMillis) {
  }

  static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);
  /** A process up this long is healthy again: if it exits, the next restart waits {@link #FIRST_DELAY}. */
  static final Duration STEADY = Duration.ofMinutes(1);
  /** The exit code of a JVM ended by SIGINT. */
  private static final int SIGINT_EXIT = 130;
  /** How long an exit by SIGINT waits for the launcher to stop, see {@link #onExit}. */
  private static final Duration CTRL_C_GRACE = Duration.ofMillis(500);

  private final Launcher.Service service;
  private final boolean restart;
  private final ScheduledExecutorService timer;
  private final Consumer<String> output;
  private volatile String lastWarning;
  private final Consumer<String> log;
  private final Runnable changed;
  private final CompletableFuture<Status> firstReady = new CompletableFuture<>();
  private List<String> args;
  private Child child;
  private State state = State.STARTING;
  private String address = "";
  private String hostPort = "";
  private int restarts;
  private long delayMillis = FIRST_DELAY.toMillis();
  private long sinceMillis = System.currentTimeMillis();

  /**
   * {@code service}, its processes' output going to {@code output} line by line and what happens
   * to them to {@code log}; {@code changed} runs after each change of state.
   */
  Supervised(Launcher.Service service, boolean restart, ScheduledExecutorService timer, Consumer<String> output,
      Consumer<String> log, Runnable changed) {
    this.service = service;
    this.restart = restart;
    this.timer = timer;
    this.output = output;
    this.log = log;
    this.changed = changed;
    this.args = service.args();
  }

  /** Starts its first process. */
  void start() {
    launch();
  }

  /** Completes when its first process is ready; fails if that exits first. */
  CompletableFuture<Status> ready() {
    return firstReady;
  }

  /** The last warning (or error) its processes logged, or null: what a service that is not ready says of why. */
  String lastWarning() {
    return lastWarning;
  }

  /** Its name, as the table and the log show it. */
  String name() {
    return service.name();
  }

  /** What the status table shows of it now. */
  synchronized Status status() {
    return new Status(service.name(), address, hostPort, child.pid(), state, restarts, sinceMillis);
  }

  /** Stops its process (SIGTERM, then SIGKILL after {@code seconds}) and starts no other. */
  void stop(long seconds) throws InterruptedException {
    Child last;
    synchronized (this) {
      state = State.STOPPED;
      last = child;
    }
    last.stop(seconds);
  }

  private synchronized void launch() {
    Child started = Child.barker(service.name(), args, service.heap(), service.jit(), line -> {
      if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("\"level\":\"WARN") || line.contains("\"level\":\"ERROR")) {
        lastWarning = line;
      }
      output.accept(line);
    });
    child = started;
    state = State.STARTING;
    started.ready().whenComplete((line, failure) -> {
      if (failure == null) {
        onReady(started, line);
      } else {
        firstReady.completeExceptionally(failure); // after the first, a process that dies early is restarted by onExit
      }
    });
    started.exited().thenAccept(code -> onExit(started, code));
  }

  private void onReady(Child ready, String line) {
    Optional<ReadyLine> parsed = ReadyLine.of(line);
    synchronized (this) {
      if (child != ready || state == State.STOPPED) {
        return;
      }
      parsed.ifPresent(said -> {
        address = said.address();
        hostPort = said.hostPort();
        args = withPort(args, String.valueOf(said.port()));
      });
      state = State.UP;
      sinceMillis = System.currentTimeMillis();
      if (restarts > 0) {
        log.accept(service.name() + " is back on " + hostPort + " (pid " + ready.pid() + ", restart " + restarts + ")");
      }
    }
    if (parsed.isPresent()) {
      firstReady.complete(status());
    } else {
      firstReady.completeExceptionally(new IllegalStateException(service.name() + " said something unexpected: " + line));
    }
    changed.run();
  }

  /**
   * A child ended by SIGINT: Ctrl-C in the launcher's terminal reaches its whole process group, and
   * the launcher then stops everything. So such an exit is looked at only after
   * {@link #CTRL_C_GRACE}, by when a stopping launcher has cancelled it (no "starting it again").
   */
  private void onExit(Child exited, int code) {
    if (code != SIGINT_EXIT) {
      settle(exited, code);
      return;
    }
    try {
      timer.schedule(() -> settle(exited, code), CTRL_C_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // the launcher is stopping everything
    }
  }

  private void settle(Child exited, int code) {
    synchronized (this) {
      if (child != exited || state == State.STOPPED) {
        return;
      }
      long now = System.currentTimeMillis();
      if (state == State.UP && now - sinceMillis >= STEADY.toMillis()) {
        delayMillis = FIRST_DELAY.toMillis();
      }
      sinceMillis = now;
      if (!firstReady.isDone()) {
        state = State.EXITED; // it never started: the launch fails, see ready()
      } else if (!restart) {
        state = State.EXITED;
        log.accept(service.name() + " (pid " + exited.pid() + ") " + Child.describeExit(code) + "; not started again (--no-restart)");
      } else {
        state = State.WAITING;
        restarts++;
        log.accept(String.format("%s (pid %d) %s; starting it again in %.0f s (restart %d)", service.name(),
            exited.pid(), Child.describeExit(code), delayMillis / 1000.0, restarts));
        retryLater();
      }
    }
    changed.run();
  }

  private void relaunch() {
    synchronized (this) {
      if (state != State.WAITING) {
        return;
      }
      try {
        launch();
      } catch (IllegalStateException e) {
        log.accept(e.getMessage() + "; trying again in " + delayMillis / 1000 + " s");
        retryLater();
        return;
      }
    }
    changed.run();
  }

  private void retryLater() {
    try {
      timer.schedule(this::relaunch, delayMillis, TimeUnit.MILLISECONDS);
      delayMillis = Math.min(MAX_DELAY.toMillis(), delayMillis * 2);
    } catch (RejectedExecutionException stopping) {
      state = State.STOPPED; // the launcher is stopping everything
    }
  }

  /** {@code args} with the value after {@code --port} replaced by {@code port}. */
  private static List<String> withPort(List<String> args, String port) {
    List<String> replaced = new ArrayList<>(args);
    int flag = replaced.indexOf("--port");
    if (flag >= 0 && flag + 1 < replaced.size()) {
      replaced.set(flag + 1, port);
    }
    return replaced;
  }
}
