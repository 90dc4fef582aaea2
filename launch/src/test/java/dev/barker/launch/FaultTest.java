package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.Address;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.link.Linker;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private final ServiceProcesses services = new ServiceProcesses(HOST, "--idle-timeout", IDLE_TIMEOUT_SECONDS);
  private final List<String> report = new ArrayList<>();
  private Address directory;
  private BarkTraffic traffic;

  @AfterEach
  void stopAll() throws InterruptedException {
    services.close();
  }

  @Test
  void eachFaultInTurnLosesNoAcceptedBarkAndDuplicatesNone() throws Exception {
    Users users = UsersFile.loadOrCreate(data);
    directory = Address.of(HOST, Launcher.freePort(HOST), Address.DIRECTORY_PATH);
    services.define("directory", "directory", "--port", String.valueOf(directory.port()));
    services.define("inbox", "manifold", directory.withPath(Mailboxes.INBOX).toString(), "--port", services.free("inbox"),
        "--history", "10000", "--store", data.resolve("store/inbox").toString());
    services.define("outbox", "manifold", directory.withPath(Mailboxes.OUTBOX).toString(), "--port",
        services.free("outbox"), "--push", directory.withPath(Mailboxes.BIZLOGIC).toString(), "--store",
        data.resolve("store/outbox").toString());
    for (String bizlogic : List.of("bizlogic-a", "bizlogic-b")) {
      services.define(bizlogic, "bizlogic", "--directory", directory.toString(), "--data", data.toString(), "--port",
          services.free(bizlogic));
    }
    services.define("monitor", "monitor", "--directory", directory.toString(), "--port", services.free("monitor"),
        "--http-port", services.free("monitor-http"));
    services.startAll(); // in order: the first bizlogic registered is the active one

    try (TestLoop loop = new TestLoop()) {
      traffic = new BarkTraffic(loop, directory, "fault-").subscribe(SUBSCRIBED);
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      long timer = traffic.sendEvery(100, 4);
      await().atMost(Duration.ofSeconds(60)).until(() -> arrivalsAtRdl() >= 100);

      Routes routes = loop.call(() -> new Routes(linker, directory));
      String active = awaitBizlogics(routes).get(0);
      fault("SIGKILL of the active bizlogic", () -> services.kill(active), () -> services.start(active));
      String standby = awaitBizlogics(routes).get(1);
      fault("SIGKILL of the standby bizlogic", () -> services.kill(standby), () -> services.start(standby));
      fault("SIGKILL of the outbox (--store), restarted", () -> services.restart("outbox"), () -> { });
      fault("SIGKILL of the inbox (--store), restarted", () -> services.restart("inbox"), () -> { });
      fault("SIGKILL of the directory, restarted", () -> services.restart("directory"), () -> { });
      fault("SIGKILL of the monitor, restarted", () -> services.restart("monitor"), () -> { });
      String silent = awaitBizlogics(routes).get(0);
      fault("SIGSTOP of the active bizlogic (found by idle timeout), SIGCONT after", () -> services.signal("STOP", silent),
          () -> services.signal("CONT", silent));
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

  private void fault(String what, BarkTraffic.Step inject, BarkTraffic.Step undo) throws Exception {
    report.add(traffic.fault(what, inject, undo, RECOVERY_BOUND));
  }

  /** The bizlogic processes as the directory orders them (active first), once both are registered. */
  private List<String> awaitBizlogics(Routes routes) {
    return await("both bizlogics registered").atMost(RECOVERY_BOUND).until(() -> {
      RouteState route = routes.snapshot().get(directory.withPath(Mailboxes.BIZLOGIC).toString());
      List<String> names = route == null ? List.of() : route.targets().stream()
          .map(target -> services.named(target.port())).toList();
      return names;
    }, names -> names.size() == 2);
  }

  private int arrivalsAtRdl() {
    return traffic.arrivalsAt("rdl");
  }
}
