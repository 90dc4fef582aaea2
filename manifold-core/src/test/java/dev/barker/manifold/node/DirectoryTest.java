package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.Redirect;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.TestService;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.directory.Tether;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.link.RedirectException;
import dev.barker.manifold.link.Sender;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DirectoryTest {

  private final TestLoop loop = new TestLoop();
  private final List<AutoCloseable> services = new CopyOnWriteArrayList<>();
  private Directory directory;
  private Address svc;

  @BeforeEach
  void startDirectory() {
    directory = loop.await(() -> Directory.start(loop.vertx(), new ServiceOptions(0)));
    svc = directory.address().withPath("/svc");
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable service : services) {
      service.close();
    }
    loop.close();
  }

  @Test
  void receiverReachesTheRegisteredServiceThroughARedirect() {
    service("s1", svc.toString(), "ordered");
    List<String> greetings = receive(linker(false), svc.child("x"));
    await().until(() -> greetings.contains("hello from s1 for " + svc.child("x")));
  }

  @Test
  void receiverReachesTheServiceOverWebSocketOnTheSamePort() {
    service("s1", svc.toString(), "ordered");
    List<String> greetings = receive(linker(true), svc.child("x"));
    await().until(() -> greetings.contains("hello from s1 for " + svc.child("x")));
  }

  @Test
  void orderedFailoverMovesNewLinksToTheNextInstanceAndTheRouteStreamReportsIt() {
    List<RouteState> changes = new CopyOnWriteArrayList<>();
    Linker linker = linker(false);
    loop.run(() -> new Routes(linker, directory.address()).changeHandler(changes::add));
    TestService first = service("s1", svc.toString(), "ordered");
    TestService second = service("s2", svc.toString(), "ordered");
    List<String> greetings = receive(linker, svc.child("x"));
    await().until(() -> greetings.contains("hello from s1 for " + svc.child("x")));

    first.crash();

    await().until(() -> greetings.contains("hello from s2 for " + svc.child("x")));
    assertEquals(List.of("hello from s1 for " + svc.child("x"), "hello from s2 for " + svc.child("x")), greetings);
    RouteTarget s1 = RouteTarget.of("127.0.0.1", first.port());
    RouteTarget s2 = RouteTarget.of("127.0.0.1", second.port());
    await().until(() -> changes.stream().anyMatch(c -> c.targets().equals(List.of(s1, s2))));
    await().until(() -> changes.get(changes.size() - 1).targets().equals(List.of(s2)));
    assertEquals("ordered", changes.get(changes.size() - 1).policy());
  }

  @Test
  void roundRobinSpreadsNewLinksOverInstances() {
    service("s1", svc.toString(), "round-robin");
    service("s2", svc.toString(), "round-robin");
    Linker linker = linker(false);
    List<String> greetings = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) {
      greetings.addAll(List.of());
      Address address = svc.child("r" + i);
      List<String> one = receive(linker, address);
      await().until(() -> one.size() == 1);
      greetings.add(one.get(0).replace(" for " + address, ""));
    }
    assertEquals(List.of("hello from s1", "hello from s2", "hello from s1", "hello from s2"), greetings);
  }

  @Test
  void unknownAddressIsRefusedWithNotFoundNamingIt() {
    AmqpConnection connection = loop.await(() -> new AmqpClient(loop.vertx(), new EngineOptions())
        .connect("127.0.0.1", directory.port()));
    String nowhere = directory.address().withPath("/nowhere/x").toString();
    LinkClosedException refused = refusal(connection, nowhere);
    assertEquals(AmqpError.NOT_FOUND, refused.condition().getCondition());
    assertEquals("no route for address " + nowhere, refused.condition().getDescription());
  }

  @Test
  void redirectCarriesHostPortAndAddress() {
    TestService service = service("s1", svc.toString(), "ordered");
    AmqpConnection connection = loop.await(() -> new AmqpClient(loop.vertx(), new EngineOptions())
        .connect("127.0.0.1", directory.port()));
    LinkClosedException redirected = refusal(connection, svc.child("x").toString());
    assertEquals(LinkError.REDIRECT, redirected.condition().getCondition());
    Redirect redirect = Redirect.from(redirected.condition());
    assertEquals(new Redirect("127.0.0.1", service.port(), svc.child("x").toString()), redirect);
  }

  @Test
  void redirectLoopIsReportedAsAnError() {
    TestLoop registrar = new TestLoop();
    services.add(registrar);
    Linker own = registrar.call(() -> new Linker(registrar.vertx()));
    registrar.await(() -> new dev.barker.manifold.directory.Tether(own, directory.address()).route(
        new Route(directory.address().withPath("/loop").toString(),
            RouteTarget.of("127.0.0.1", directory.port()), "looper", null)));
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Linker linker = linker(false);
    loop.run(() -> linker.receiver(directory.address().withPath("/loop/x"), d -> d.accept()).errorHandler(errors::add));
    await().until(() -> !errors.isEmpty());
    RedirectException loopError = assertInstanceOf(RedirectException.class, errors.get(0));
    assertTrue(loopError.getMessage().contains("redirect loop"), loopError.getMessage());
  }

  @Test
  void invalidRegistrationIsRejectedNamingTheField() {
    Linker linker = linker(false);
    Message bad = new Route("not-an-address", RouteTarget.of("127.0.0.1", 1), null, null).toMessage();
    Throwable error = loop.await(() -> linker.sender(directory.address()).send(bad)
        .transform(result -> Future.succeededFuture(result.cause())));
    DeliveryException rejected = assertInstanceOf(DeliveryException.class, error);
    assertTrue(rejected.isRejected());
    assertTrue(rejected.getMessage().contains("amqp:invalid-field"), rejected.getMessage());
    assertTrue(rejected.getMessage().contains("not-an-address"), rejected.getMessage());
  }

  @Test
  void unknownPolicyIsRejectedNamingTheKnownOnes() {
    Linker linker = linker(false);
    Message bad = new Route(svc.toString(), RouteTarget.of("127.0.0.1", 1), null, "fastest").toMessage();
    Throwable error = loop.await(() -> linker.sender(directory.address()).send(bad)
        .transform(result -> Future.succeededFuture(result.cause())));
    assertTrue(error.getMessage().contains("unknown routing policy 'fastest'"), error.getMessage());
  }

  @Test
  void routesBeyondTheConnectionsLimitAreRejectedSayingWhy() {
    Directory limited = loop.await(() -> Directory.start(loop.vertx(),
        new DirectoryOptions(new ServiceOptions(0)).maxRoutes(2)));
    services.add(() -> loop.await(limited::close));
    Linker linker = linker(false);
    Sender sender = loop.call(() -> linker.sender(limited.address()));
    List<Throwable> outcomes = new ArrayList<>();
    for (String path : List.of("/a", "/b", "/c", "/a")) {
      Message route = new Route(limited.address().withPath(path).toString(), RouteTarget.of("127.0.0.1", 1), "s1",
          null).toMessage();
      outcomes.add(loop.await(() -> sender.send(route).transform(sent -> Future.succeededFuture(sent.cause()))));
    }
    assertNull(outcomes.get(0));
    assertNull(outcomes.get(1));
    DeliveryException rejected = assertInstanceOf(DeliveryException.class, outcomes.get(2));
    assertTrue(rejected.getMessage().contains("amqp:resource-limit-exceeded"), rejected.getMessage());
    assertTrue(rejected.getMessage().contains("at most 2 routes per connection"), rejected.getMessage());
    assertNull(outcomes.get(3), "registering a route it has already is no new route");
    assertEquals(List.of("/a", "/b"), servicePaths(loop.await(limited::routes)));
    Message unrouteB = new Route(limited.address().withPath("/b").toString(), null, null, null).toUnrouteMessage();
    assertNull(loop.await(() -> sender.send(unrouteB).transform(sent -> Future.succeededFuture(sent.cause()))));
    Message routeC = new Route(limited.address().withPath("/c").toString(), RouteTarget.of("127.0.0.1", 1), "s1",
        null).toMessage();
    assertNull(loop.await(() -> sender.send(routeC).transform(sent -> Future.succeededFuture(sent.cause()))),
        "a route removed leaves room for another");
    assertEquals(List.of("/a", "/c"), servicePaths(loop.await(limited::routes)));
  }

  @Test
  void onlyTheConnectionThatRegisteredARouteMayRemoveIt() {
    TestService service = service("s1", svc.toString(), "ordered");
    Linker elsewhere = linker(false);
    Sender stranger = loop.call(() -> elsewhere.sender(directory.address()));
    Throwable refused = loop.await(() -> stranger.send(new Route(svc.toString(), null, null, null).toUnrouteMessage())
        .transform(sent -> Future.succeededFuture(sent.cause())));
    DeliveryException rejected = assertInstanceOf(DeliveryException.class, refused);
    assertEquals(AmqpError.UNAUTHORIZED_ACCESS, rejected.condition().getCondition());
    assertTrue(rejected.condition().getDescription().contains("belong to another connection"),
        rejected.condition().getDescription());
    assertEquals(List.of(RouteTarget.of("127.0.0.1", service.port())), routeOf(svc).targets(), "still registered");
  }

  @Test
  void aTetherRegistersAgainAtOnceWhenItsRouteIsRemoved() {
    Linker linker = linker(false);
    Route route = new Route(svc.toString(), RouteTarget.of("127.0.0.1", 1), "s1", "ordered");
    Tether tether = loop.call(() -> new Tether(linker, directory.address()));
    loop.await(() -> tether.route(route));

    // the same connection as the tether's (a linker shares one per directory), so it may; once
    // accepted the registration is gone, and only the tether can bring it back
    loop.await(() -> linker.sender(directory.address()).send(route.toUnrouteMessage()));

    await().until(() -> loop.await(directory::routes).stream().anyMatch(r -> r.address().equals(svc.toString())));
    assertEquals(List.of(RouteTarget.of("127.0.0.1", 1)), routeOf(svc).targets());
  }

  private RouteState routeOf(Address address) {
    return loop.await(directory::routes).stream().filter(r -> r.address().equals(address.toString()))
        .findFirst().orElseThrow();
  }

  @Test
  void tetherRegistersAgainAfterTheDirectoryRestarts() {
    int port = directory.port();
    TestService service = service("s1", svc.toString(), "ordered");
    loop.await(() -> directory.close());
    // the JDK may release a closed listening socket a moment after its close completes
    await().ignoreExceptions().until(() -> {
      directory = loop.await(() -> Directory.start(loop.vertx(), new ServiceOptions(port)));
      return true;
    });
    await().atMost(Duration.ofSeconds(15)).until(() -> servicePaths(loop.await(directory::routes)).contains("/svc"));
    assertEquals(List.of(RouteTarget.of("127.0.0.1", service.port())), routeOf(svc).targets());
  }

  /** The paths of the routes a test registered: all but the agents' (the directory's own among them). */
  private static List<String> servicePaths(List<RouteState> routes) {
    return routes.stream().map(route -> Address.parse(route.address()).path())
        .filter(path -> !AgentReport.isAgentPath(path)).sorted().toList();
  }

  private TestService service(String name, String routeAddress, String policy) {
    TestService service = TestService.start(name, directory.address(), routeAddress, policy);
    services.add(service);
    return service;
  }

  private Linker linker(boolean webSocket) {
    return loop.call(() -> new Linker(loop.vertx(), new LinkerOptions().webSocket(webSocket)));
  }

  private List<String> receive(Linker linker, Address address) {
    List<String> bodies = new CopyOnWriteArrayList<>();
    loop.call(() -> linker.receiver(address, delivery -> {
      bodies.add(String.valueOf(((AmqpValue) delivery.message().getBody()).getValue()));
      delivery.accept();
    }));
    return bodies;
  }

  private LinkClosedException refusal(AmqpConnection connection, String address) {
    Throwable error = loop.await(() -> {
      AmqpReceiver receiver = connection.createReceiver(address);
      receiver.open();
      return receiver.opened().transform(result -> io.vertx.core.Future.succeededFuture(result.cause()));
    });
    return assertInstanceOf(LinkClosedException.class, error);
  }
}
