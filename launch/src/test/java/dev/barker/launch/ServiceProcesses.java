package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.node.ServiceCommand;
import dev.barker.testkit.JavaProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Barker services as processes of their own, by name, for tests that kill and restart them:
 * each defined once with its command line and a port of its own, started in the order defined,
 * stopped at {@link #close()} whatever happened.
 */
final class ServiceProcesses implements AutoCloseable {

  private final String host;
  private final List<String> common;
  private final Map<String, List<String>> commands = new LinkedHashMap<>();
  private final Map<String, List<String>> prefixes = new ConcurrentHashMap<>();
  private final Map<Integer, String> ports = new ConcurrentHashMap<>();
  private final Map<String, JavaProcess> running = new ConcurrentHashMap<>();

  /** Services on {@code host}, each also given {@code common} arguments. */
  ServiceProcesses(String host, String... common) {
    this.host = host;
    this.common = List.of(common);
  }

  /** Defines {@code name} as {@code barker ARGS --host HOST COMMON}. */
  void define(String name, String... args) {
    defineOn(name, host, List.of(), args);
  }

  /**
   * Defines {@code name} as {@code barker ARGS --host ON COMMON}, its command line after
   * {@code prefix} (a test bed's {@code ip netns exec NS}).
   */
  void defineOn(String name, String on, List<String> prefix, String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.add("--host");
    command.add(on);
    command.addAll(common);
    commands.put(name, command);
    prefixes.put(name, prefix);
  }

  /** A free port, remembered as {@code name}'s. */
  String free(String name) {
    int port = Launcher.freePort(host);
    ports.put(port, name);
    return String.valueOf(port);
  }

  /** The service whose port is {@code port}, or null. */
  String named(int port) {
    return ports.get(port);
  }

  /** Starts every service defined, in order, each once it is ready. */
  void startAll() throws InterruptedException {
    for (String name : commands.keySet()) {
      start(name);
    }
  }

  /** Starts {@code name} and waits until it is ready. */
  void start(String name) throws InterruptedException {
    JavaProcess process = JavaProcess.startUnder(Path.of("").toAbsolutePath(), prefixes.get(name), name,
        Barker.class.getName(), commands.get(name).toArray(String[]::new));
    running.put(name, process);
    process.awaitLine(line -> line.endsWith(ServiceCommand.READY), 60);
  }

  /** SIGKILL of {@code name}. */
  void kill(String name) throws InterruptedException {
    running.remove(name).kill();
  }

  /** SIGKILL of {@code name}, then starts it again. */
  void restart(String name) throws InterruptedException {
    kill(name);
    start(name);
  }

  /** Sends {@code name} a signal ({@code STOP}, {@code CONT}). */
  void signal(String signal, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(running.get(name).pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }

  @Override
  public void close() throws InterruptedException {
    for (JavaProcess process : running.values()) {
      process.close();
    }
  }
}
