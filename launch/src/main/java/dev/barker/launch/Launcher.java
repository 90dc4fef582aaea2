package dev.barker.launch;

import dev.barker.manifold.node.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts Barker's services as separate processes of this same program, stage by stage (each stage
 * once the one before is registered), and stops them all again. Every child is told to exit when
 * the launcher does, however it dies.
 */
final class Launcher {

  /** A service to start: its name, the barker subcommand line, its heap, and the fixed ports it will take. */
  record Service(String name, List<String> args, String heap, List<Integer> ports) {
  }

  /** A started service, as the table shows it. */
  record Running(String name, String address, String hostPort, long pid) {
  }

  private static final Pattern READY_LINE = Pattern.compile("^(\\S+) (\\S+) on (\\S+) ready$");
  private static final long START_SECONDS = 60;

  private final PrintStream log;
  private final List<Child> children = Collections.synchronizedList(new ArrayList<>());

  Launcher(PrintStream log) {
    this.log = log;
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
  List<Running> start(List<List<Service>> stages) throws InterruptedException {
    List<Running> running = new ArrayList<>();
    for (List<Service> stage : stages) {
      List<Child> started = new ArrayList<>();
      for (Service service : stage) {
        started.add(launch(service));
      }
      for (Child child : started) {
        running.add(awaitReady(child));
      }
    }
    return running;
  }

  /** The child processes, in start order. */
  List<Child> children() {
    return List.copyOf(children);
  }

  /** Stops every child, newest first, each within a few seconds. */
  void stop() throws InterruptedException {
    List<Child> newestFirst = new ArrayList<>(children);
    Collections.reverse(newestFirst);
    for (Child child : newestFirst) {
      child.stop(5);
    }
  }

  private Child launch(Service service) {
    String prefix = String.format("%-14s| ", service.name());
    Child child = Child.barker(service.name(), service.args(), service.heap(), line -> log.println(prefix + line));
    children.add(child);
    return child;
  }

  private Running awaitReady(Child child) throws InterruptedException {
    try {
      String line = child.ready().get(START_SECONDS, TimeUnit.SECONDS);
      Matcher matcher = READY_LINE.matcher(line);
      if (!matcher.matches()) {
        throw new IllegalStateException(child.name() + " said something unexpected: " + line);
      }
      return new Running(child.name(), matcher.group(2), matcher.group(3), child.pid());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(child.name() + " was not ready within " + START_SECONDS + " s");
    }
  }
}
