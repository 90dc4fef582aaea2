package dev.barker.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts Barker's services as separate processes of this same program, stage by stage (each stage
 * once the one before is registered), starts again one whose process exits (see {@link Supervised}),
 * and stops them all. Every child is told to exit when the launcher does, however it dies.
 */
final class Launcher {

  /** A service to start: its name, the barker subcommand line, its heap, and the fixed ports it will take. */
  record Service(String name, List<String> args, String heap, Child.Jit jit, List<Integer> ports) {
  }

  private static final long START_SECONDS = 60;

  private final PrintStream log;
  private final boolean restart;
  private final Path statusFile;
  private final List<Supervised> services = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "barker-launch-restarts");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * A launcher logging to {@code log} that starts again, with back-off, a service whose process
   * exits (unless {@code restart} is false), and keeps the status table in {@code statusFile}.
   */
  Launcher(PrintStream log, boolean restart, Path statusFile) {
    this.log = log;
    this.restart = restart;
    this.statusFile = statusFile;
  }
  /**
   * Checks that no fixed port of {@code stages} is taken.
   *
   * @throws IllegalStateException naming the port and the service
   */
  static void checkPorts(String host, List<List<Service>> stages) {
    for (List<Service> stage : stages) {
      for (Service service : stage) {
        for (int port : service.ports()) {
          try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            probe.setReuseAddress(true);
          } catch (IOException e) {
            throw new IllegalStateException("port " + port + " (" + service.name() + ") is in use on "
                + host + ": stop what holds it, or run with --ephemeral-ports");
          }
        }
      }
    }
  }

  /** A port free on {@code host} now (for a service that must be told its port before it starts). */
  static int freePort(String host) {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on " + host + ": " + e.getMessage(), e);
    }
  }

  /** Starts each stage in turn, the services of a stage together; returns them as started. */
  List<Supervised.Status> start(List<List<Service>> stages) throws InterruptedException {
    List<Supervised.Status> running = new ArrayList<>();
    for (List<Service> stage : stages) {
      List<Supervised> started = new ArrayList<>();
      for (Service service : stage) {
        started.add(launch(service));
      }
      for (Supervised service : started) {
        running.add(awaitReady(service));
      }
    }
    return running;
  }

  /** Every service's status now, in start order. */
  List<Supervised.Status> status() {
    return services.stream().map(Supervised::status).toList();
  }

  /** Stops every service, newest first, each within a few seconds; none is started again. */
  void stop() throws InterruptedException {
    timer.shutdownNow();
    List<Supervised> newestFirst = new ArrayList<>(services);
    Collections.reverse(newestFirst);
    for (Supervised service : newestFirst) {
      service.stop(5);
    }
    writeStatus();
  }

  private Supervised launch(Service service) {
    String prefix = ConsoleLogging.isJson() ? "" : String.format("%-14s| ", service.name()); // JSON lines name their service
    Supervised supervised = new Supervised(service, restart, timer, line -> log.println(prefix + line),
        line -> log.println(String.format("%-14s| ", "launch") + line), this::writeStatus);
    services.add(supervised);
    supervised.start();
    return supervised;
  }

  private Supervised.Status awaitReady(Supervised service) throws InterruptedException {
    try {
      return service.ready().get(START_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      String why = service.lastWarning();
      throw new IllegalStateException(service.name() + " was not ready within " + START_SECONDS + " s"
          + (why == null ? " (it logged no warning)" : "; its last warning: " + why));
    }
  }

  private synchronized void writeStatus() { // services change from their own threads; one temporary file
    try {
      LaunchStatus.write(statusFile, status());
    } catch (IOException e) {
      log.println("launch: cannot write " + statusFile + ": " + e.getMessage());
    }
  }
}
