package dev.barker.manifold.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.TestService;
import dev.barker.manifold.node.ManifoldOptions;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Senders through a real directory: buffering while unlinked, bounds, resending after a loss, more
 * links than one connection may carry.
 */
@Timeout(60)
class LinkTest {

  private final TestNetwork network = new TestNetwork();
  private final TestLoop loop = network.loop();
  private final Address svc = network.address("/svc");

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void sendsWaitWhileNoInstanceServesTheAddressThenArriveInOrder() {
    Sender sender = sender(new LinkerOptions());
    List<Future<Void>> sent = send(sender, 5);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sent.stream().noneMatch(Future::isComplete));

    TestService service = network.service("s1", "/svc", "ordered", TestService.Outcome.ACCEPT);

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

    network.service("s1", "/svc", "ordered", TestService.Outcome.ACCEPT);

    await().until(ready::succeeded);
    await().until(() -> !loop.call(sender::isFull));
  }

  @Test
  void unacknowledgedMessagesAreSentAgainInOrderToTheNextInstance() {
    TestService first = network.service("s1", "/svc", "ordered", TestService.Outcome.HOLD);
    TestService second = network.service("s2", "/svc", "ordered", TestService.Outcome.ACCEPT);
    Sender sender = sender(new LinkerOptions());
    List<Future<Void>> sent = send(sender, 5);
    await().until(() -> first.received.size() == 5);
    assertTrue(sent.stream().noneMatch(Future::isComplete), "nothing is acknowledged by a holding instance");

    first.crash();

    await().until(() -> sent.stream().allMatch(Future::succeeded));
    assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), second.received);
  }

  @Test
  void linksBeyondWhatTheNodeAllowsOneConnectionGoOverAnother() {
    ManifoldOptions inbox = network.manifoldOptions("/inbox");
    inbox.service().engine().maxLinks(3);
    network.manifold(inbox);
    Linker linker = loop.call(() -> new Linker(loop.vertx(), new LinkerOptions().linksPerConnection(3)));
    List<String> received = new CopyOnWriteArrayList<>();
    List<Receiver> receivers = loop.call(() -> IntStream.range(0, 7).mapToObj(i -> linker.receiver(
        network.address("/inbox/u" + i), delivery -> {
          received.add("u" + i + ":" + ((AmqpValue) delivery.message().getBody()).getValue());
          delivery.accept();
        })).toList());
    await().until(() -> loop.call(() -> receivers.stream().allMatch(Link::isLinked)));

    List<Future<Void>> sent = loop.call(() -> IntStream.range(0, 7).mapToObj(i -> linker.sender(
        network.address("/inbox/u" + i)).send(TestNetwork.message("hello"))).toList());

    await().until(() -> sent.stream().allMatch(Future::succeeded) && received.size() == 7);
    assertEquals(IntStream.range(0, 7).mapToObj(i -> "u" + i + ":hello").sorted().toList(),
        received.stream().sorted().toList(), "14 links, 3 a connection: every one linked, at a node refusing a fourth");
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
