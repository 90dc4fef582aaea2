package dev.barker.manifold.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.TestService;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.ServiceOptions;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Senders through a real directory: buffering while unlinked, bounds, resending after a loss. */
@Timeout(60)
class LinkTest {

  private final TestLoop loop = new TestLoop();
  private final List<TestService> services = new CopyOnWriteArrayList<>();
  private Directory directory;
  private Address svc;

  @BeforeEach
  void startDirectory() {
    directory = loop.await(() -> Directory.start(loop.vertx(), new ServiceOptions(0)));
    svc = directory.address().withPath("/svc");
  }

  @AfterEach
  void stop() {
    services.forEach(TestService::close);
    loop.close();
  }

  @Test
  void sendsWaitWhileNoInstanceServesTheAddressThenArriveInOrder() {
    Sender sender = sender(new LinkerOptions());
    List<Future<Void>> sent = send(sender, 5);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sent.stream().noneMatch(Future::isComplete));

    TestService service = service(TestService.start("s1", directory.address(), svc.toString(), "ordered"));

    await().until(() -> sent.stream().allMatch(Future::succeeded));
    assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), service.received);
  }

  @Test
  void senderIsFullAtItsBoundAndReadyCompletesOnceItDrains() {
    Sender sender = sender(new LinkerOptions().senderBuffer(3));
    send(sender, 3);
    assertTrue(loop.call(sender::isFull));
    Future<Void> ready = loop.call(sender::ready);
    assertFalse(ready.isComplete());

    service(TestService.start("s1", directory.address(), svc.toString(), "ordered"));

    await().until(ready::succeeded);
    await().until(() -> !loop.call(sender::isFull));
  }

  @Test
  void unacknowledgedMessagesAreSentAgainInOrderToTheNextInstance() {
    TestService first = service(TestService.start("s1", directory.address(), svc.toString(), "ordered", TestService.Outcome.HOLD));
    TestService second = service(TestService.start("s2", directory.address(), svc.toString(), "ordered"));
    Sender sender = sender(new LinkerOptions());
    List<Future<Void>> sent = send(sender, 5);
    await().until(() -> first.received.size() == 5);
    assertTrue(sent.stream().noneMatch(Future::isComplete), "nothing is acknowledged by a holding instance");

    first.crash();

    await().until(() -> sent.stream().allMatch(Future::succeeded));
    assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), second.received);
  }

  private TestService service(TestService service) {
    services.add(service);
    return service;
  }

  private Sender sender(LinkerOptions options) {
    Linker linker = loop.call(() -> new Linker(loop.vertx(), options));
    return loop.call(() -> linker.sender(svc.child("x")));
  }

  private List<Future<Void>> send(Sender sender, int count) {
    return loop.call(() -> {
      List<Future<Void>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Message message = Message.Factory.create();
        message.setBody(new AmqpValue("m" + i));
        sent.add(sender.send(message));
      }
      return sent;
    });
  }
}
