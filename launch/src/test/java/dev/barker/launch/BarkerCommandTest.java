package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.directory.Tether;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.model.Mailboxes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class BarkerCommandTest {

  private final TestLoop loop = new TestLoop();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  void routesListsEachAddressWithItsPolicyAndTargets() {
    Directory directory = loop.await(() -> Directory.start(loop.vertx(), new ServiceOptions(0)));
    String bizlogic = directory.address().withPath("/bizlogic").toString();
    String inbox = directory.address().withPath("/inbox").toString();
    Tether tether = loop.call(() -> new Tether(new Linker(loop.vertx()), directory.address()));
    loop.await(() -> tether.route(new Route(bizlogic, RouteTarget.of("127.0.0.1", 5680), "b1", "ordered")));
    loop.await(() -> tether.route(new Route(bizlogic, RouteTarget.of("127.0.0.1", 5681), "b2", "ordered")));
    loop.await(() -> tether.route(new Route(inbox, RouteTarget.of("127.0.0.1", 5820), "i1", "consistent")));

    assertEquals(0, run("routes", "-d", directory.address().toString()), err.toString());

    Address directoryAgent = directory.agentAddress();
    assertEquals(directoryAgent + " -> (ordered) 127.0.0.1:" + directory.port() + "\n"
        + bizlogic + " -> (ordered) 127.0.0.1:5680; 127.0.0.1:5681\n"
        + inbox + " -> (consistent) 127.0.0.1:5820\n", out.toString());
  }

  @Test
  void routesSaysWhenTheDirectoryCannotBeReached() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertEquals(1, run("routes", "-d", "//127.0.0.1:" + port + "/directory", "--timeout", "1"));
    assertTrue(err.toString().contains("barker: no answer from the directory at //127.0.0.1:" + port
        + "/directory within 1 s: cannot connect to 127.0.0.1:" + port + ": Connection refused\n"), err.toString());
  }

  @Test
  void badAddressIsAClearErrorWithANonZeroExit() {
    assertEquals(2, run("routes", "-d", "127.0.0.1/directory"));
    assertEquals("barker: invalid address '127.0.0.1/directory': must start with //HOST\n", err.toString());
  }

  @Test
  void directoryOnAPortInUseSaysWhichPort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(1, run("directory", "--port", String.valueOf(taken.getLocalPort())));
      assertTrue(err.toString().startsWith("barker: cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + ": Address already in use"), err.toString());
    }
  }

  @Test
  void barkSendsOneBarkAndSaysWhenTheOutboxAcceptedIt(@TempDir Path data) {
    try (TestNetwork network = new TestNetwork()) {
      network.manifold(network.manifoldOptions(Mailboxes.OUTBOX).history(1));
      List<String> outbox = network.subscribe(Mailboxes.outbox(network.directory().address(), "ark3"));

      assertEquals(0, run("bark", "ark3", "hello", "@rdl", "-d", network.directory().address().toString(),
          "--data", data.toString()), err.toString());

      assertTrue(out.toString().startsWith("accepted ark3-"), out.toString());
      await().until(() -> outbox.size() == 1);
      assertTrue(outbox.get(0).startsWith("[ark3, hello @rdl, ark3-"), outbox.get(0));
    }
  }

  @Test
  void barkRefusesAnUnknownUserAndEmptyOrOverlongText(@TempDir Path data) {
    assertEquals(2, run("bark", "nobody", "woof", "--data", data.toString()));
    assertEquals("barker: unknown user 'nobody' (see users.json)\n", err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("bark", "ark3", "--data", data.toString()));
    assertTrue(err.toString().endsWith("from ark3 has no text\n"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("bark", "ark3", "w".repeat(281), "--data", data.toString()));
    assertTrue(err.toString().endsWith("is 281 characters long, over the 280 allowed\n"), err.toString());
  }

  @Test
  void launchNamesThePortAndServiceThatAreInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Launcher.Service inbox = new Launcher.Service("inbox", List.of("manifold"), "64m", Child.Jit.QUICK, List.of(taken.getLocalPort()));
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> Launcher.checkPorts("127.0.0.1", List.of(List.of(inbox))));
      assertEquals("port " + taken.getLocalPort() + " (inbox) is in use on 127.0.0.1: stop what holds it, "
          + "or run with --ephemeral-ports", refused.getMessage());
    }
  }

  @Test
  void versionNamesTheProgram() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("barker "), out.toString());
  }

  @Test
  void helpListsTheSubcommands() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("directory"), out.toString());
    assertTrue(out.toString().contains("routes"), out.toString());
    assertTrue(out.toString().contains("bench  compares the manifold with ActiveMQ"), "bench, from ./barker: " + out);
  }

  private int run(String... args) {
    CommandLine commandLine = Barker.commandLine(new BarkerDefaults(Map.of(), null));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
