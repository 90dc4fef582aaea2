package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.Address;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.node.ServiceCommand;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import dev.barker.testkit.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with real processes under a steady bark load, one after another on one running Barker:
 * SIGKILL of the active bizlogic, of a standby, of the outbox and the inbox manifolds (both with
 * --store, then restarted), of the directory (then restarted) and of the monitor; then SIGSTOP of
 * the active bizlogic, a silent peer found only by idle timeout, and SIGCONT. After each it prints
 * how long barks took to flow again; at the end every bark an outbox accepted has reached every
 * subscribed inbox it should, and no subscriber saw one twice.
 */
@Timeout(420)
class FaultTest {

  private static final String HOST = "127.0.0.1";
  private static final List<String> SUBSCRIBED = List.of("ark3", "rdl", "rhs", "rex", "luna", "max", "spot", "fido");
  private static final String IDLE_TIMEOUT_SECONDS = "2";
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

  @TempDir
  Path data;

  private final Map<String, List<String>> commands = new LinkedHashMap<>();
  private final Map<Integer, String> ports = new ConcurrentHashMap<>();
  private final Map<String, JavaProcess> running = new ConcurrentHashMap<>();
  private final List<String> report = new ArrayList<>();
  private Address directory;
  private BarkTraffic traffic;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (JavaProcess process : running.values()) {
      process.close();
    }
  }

  @Test
  void eachFaultInTurnLosesNoAcceptedBarkAndDuplicatesNone() throws Exception {
    Users users = UsersFile.loadOrCreate(data);
    directory = Address.of(HOST, Launcher.freePort(HOST), Address.DIRECTORY_PATH);
    define("directory", "directory", "--port", String.valueOf(directory.port()));
    define("inbox", "manifold", directory.withPath(Mailboxes.INBOX).toString(), "--port", free("inbox"),
        "--history", "10000", "--store", data.resolve("store/inbox").toString());
    define("outbox", "manifold", directory.withPath(Mailboxes.OUTBOX).toString(), "--port", free("outbox"),
        "--push", directory.withPath(Mailboxes.BIZLOGIC).toString(), "--store", data.resolve("store/outbox").toString());
    for (String bizlogic : List.of("bizlogic-a", "bizlogic-b")) {
      define(bizlogic, "bizlogic", "--directory", directory.toString(), "--data", data.toString(), "--port", free(bizlogic));
    }
    define("monitor", "monitor", "--directory", directory.toString(), "--port", free("monitor"),
        "--http-port", free("monitor-http"));
    for (String name : commands.keySet()) {
      start(name); // in order: the first bizlogic registered is the active one
    }

    try (TestLoop loop = new TestLoop()) {
      traffic = new BarkTraffic(loop, directory, "fault-").subscribe(SUBSCRIBED);
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      long timer = traffic.sendEvery(100, 4);
      await().atMost(Duration.ofSeconds(60)).until(() -> arrivalsAtRdl() >= 100);

      Routes routes = loop.call(() -> new Routes(linker, directory));
      String active = awaitBizlogics(routes).get(0);
      fault("SIGKILL of the active bizlogic", () -> kill(active), () -> start(active));
      String standby = awaitBizlogics(routes).get(1);
      fault("SIGKILL of the standby bizlogic", () -> kill(standby), () -> start(standby));
      fault("SIGKILL of the outbox (--store), restarted", () -> restart("outbox"), () -> { });
      fault("SIGKILL of the inbox (--store), restarted", () -> restart("inbox"), () -> { });
      fault("SIGKILL of the directory, restarted", () -> restart("directory"), () -> { });
      fault("SIGKILL of the monitor, restarted", () -> restart("monitor"), () -> { });
      String silent = awaitBizlogics(routes).get(0);
      fault("SIGSTOP of the active bizlogic (found by idle timeout), SIGCONT after", () -> signal("STOP", silent),
          () -> signal("CONT", silent));
      traffic.stop(timer);
      await("the resumed bizlogic sends again what it held: the inbox takes none twice")
          .during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> traffic.duplicates().isEmpty());

      await().atMost(Duration.ofSeconds(60)).until(() -> traffic.missing(users).isEmpty());
      assertEquals(List.of(), traffic.duplicates(), "barks a subscriber saw twice");
      report.forEach(System.out::println);
      System.out.printf("faults: %d barks accepted by the outbox, every one in every subscribed inbox it was for, "
          + "none twice%n", traffic.acceptedCount());
    }
  }

  /** Injects a fault, waits for barks sent after it to arrive, reports how long that took, then undoes it. */
  private void fault(String what, Action inject, Action undo) throws Exception {
    long at = System.currentTimeMillis();
    inject.run();
    await(what).atMost(RECOVERY_BOUND).until(() -> traffic.firstArrivalSentAfter("rdl", at) > 0);
    long recovered = traffic.firstArrivalSentAfter("rdl", at) - at;
    undo.run();
    long before = arrivalsAtRdl();
    await(what + ", after").atMost(RECOVERY_BOUND).until(() -> arrivalsAtRdl() >= before + 40);
    report.add(String.format("fault: %-70s barks flowed again %5d ms after it", what, recovered));
  }

  /** The bizlogic processes as the directory orders them (active first), once both are registered. */
  private List<String> awaitBizlogics(Routes routes) {
    return await("both bizlogics registered").atMost(RECOVERY_BOUND).until(() -> {
      RouteState route = routes.snapshot().get(directory.withPath(Mailboxes.BIZLOGIC).toString());
      List<String> names = route == null ? List.of() : route.targets().stream()
          .map(target -> ports.get(target.port())).toList();
      return names;
    }, names -> names.size() == 2);
  }

  private int arrivalsAtRdl() {
    return traffic.arrivalsAt("rdl");
  }

  private void define(String name, String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--host", HOST, "--idle-timeout", IDLE_TIMEOUT_SECONDS));
    commands.put(name, command);
  }

  private String free(String name) {
    int port = Launcher.freePort(HOST);
    ports.put(port, name);
    return String.valueOf(port);
  }

  private void start(String name) throws InterruptedException {
    JavaProcess process = JavaProcess.start(name, Barker.class.getName(), commands.get(name).toArray(String[]::new));
    running.put(name, process);
    process.awaitLine(line -> line.endsWith(ServiceCommand.READY), 60);
  }

  private void kill(String name) throws InterruptedException {
    running.remove(name).kill();
  }

  private void restart(String name) throws InterruptedException {
    kill(name);
    start(name);
  }

  private void signal(String signal, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(running.get(name).pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }

  /** A step that may throw. */
  private interface Action {
    void run() throws Exception;
  }
}
