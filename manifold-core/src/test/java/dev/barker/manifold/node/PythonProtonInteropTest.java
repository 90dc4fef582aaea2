package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.Address;
import dev.barker.manifold.PythonPeer;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.TestService;
import dev.barker.manifold.link.Linker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The directory against a peer we did not write: Python's Proton C binding. */
@Timeout(60)
class PythonProtonInteropTest {

  private final TestLoop loop = new TestLoop();
  private Directory directory;
  private TestService service;

  @BeforeEach
  void start() {
    PythonPeer.assumeInstalled();
    directory = loop.await(() -> Directory.start(loop.vertx(), new ServiceOptions(0)));
    service = TestService.start("s1", directory.address(), directory.address().withPath("/svc").toString(), "ordered");
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    loop.close();
  }

  @Test
  void pythonClientReceivesARedirectWithHostPortAndAddress() throws Exception {
    String address = directory.address().withPath("/svc/x").toString();
    try (PythonPeer peer = PythonPeer.start("python/redirect_probe.py", "127.0.0.1:" + directory.port(), address)) {
      assertEquals("condition=amqp:link:redirect network-host=127.0.0.1 port=" + service.port()
          + " address=" + address, peer.nextLine(20));
      assertEquals(0, peer.waitFor(20));
    }
  }

  @Test
  void pythonClientIsToldNotFoundForAnUnknownAddress() throws Exception {
    String address = directory.address().withPath("/nowhere").toString();
    try (PythonPeer peer = PythonPeer.start("python/redirect_probe.py", "127.0.0.1:" + directory.port(), address)) {
      assertEquals("condition=amqp:not-found network-host=None port=None address=None", peer.nextLine(20));
    }
  }

  @Test
  void aPortSentAsAStringAsTheOriginalTetherDidRegistersTheSameRoute() throws Exception {
    Address route = directory.address().withPath("/py-string");
    try (PythonPeer peer = PythonPeer.start("python/register_route.py", "127.0.0.1:" + directory.port(),
        route.toString(), "127.0.0.1", String.valueOf(service.port()), "--port-as-string")) {
      assertEquals("registered", peer.nextLine(20));
      assertEquals(List.of(RouteTarget.of("127.0.0.1", service.port())), routeAt("/py-string").targets());
    }
  }

  @Test
  void pythonServiceRegistersARouteThatLivesAsLongAsItsLink() throws Exception {
    Address route = directory.address().withPath("/py");
    try (PythonPeer peer = PythonPeer.start("python/register_route.py", "127.0.0.1:" + directory.port(),
        route.toString(), "127.0.0.1", String.valueOf(service.port()))) {
      assertEquals("registered", peer.nextLine(20));
      RouteState registered = routeAt("/py");
      assertEquals(List.of(RouteTarget.of("127.0.0.1", service.port())), registered.targets());
      assertEquals("python-peer", registered.registrations().get(0).owner());
      assertEquals("ordered", registered.policy());

      List<String> greetings = new CopyOnWriteArrayList<>();
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      loop.call(() -> linker.receiver(route.child("x"), d -> {
        greetings.add(String.valueOf(((AmqpValue) d.message().getBody()).getValue()));
        d.accept();
      }));
      await().until(() -> greetings.contains("hello from s1 for " + route.child("x")));

      peer.closeInput();
      assertEquals(0, peer.waitFor(20));
      await().until(() -> routeAt("/py") == null);
    }
  }

  private RouteState routeAt(String path) {
    return loop.await(() -> directory.routes()).stream()
        .filter(r -> Address.parse(r.address()).path().equals(path)).findFirst().orElse(null);
  }
}
