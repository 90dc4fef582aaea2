package dev.barker.manifold;

import dev.barker.manifold.directory.Tether;
import dev.barker.manifold.engine.AmqpListener;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.link.Linker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/**
 * A service instance for tests, on its own Vert.x: it registers a route through a tether, greets
 * every link that receives from it with "hello from NAME for ADDRESS", and records the body of
 * everything sent to it, settling each delivery as its {@link Outcome} says (accept, by default).
 * {@link #crash()} drops its sockets with no AMQP detach or close.
 */
public final class TestService implements AutoCloseable {

  /** How the service settles a delivery, given its body and how often that body arrived before. */
  @FunctionalInterface
  public interface Outcome extends BiConsumer<Delivery, Integer> {
    /** Accepts everything. */
    Outcome ACCEPT = (delivery, earlier) -> delivery.accept();
    /** Never settles anything, as a process that dies mid-work. */
    Outcome HOLD = (delivery, earlier) -> { };
  }

  /** Its name, which it greets with. */
  public final String name;
  /** Bodies received, in order, including redeliveries. */
  public final List<String> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> arrivals = new ConcurrentHashMap<>();
  private final TestLoop loop = new TestLoop();
  private final AmqpListener listener;
  private final Tether tether;

  private TestService(String name, Address directory, String routeAddress, String policy, Outcome outcome) {
    this.name = name;
    this.listener = loop.await(() -> AmqpListener.listen(loop.vertx(), "127.0.0.1", 0, new EngineOptions(), connection -> {
      connection.senderOpenHandler(sender -> {
        sender.open();
        sender.opened().onSuccess(v -> sender.sendPresettled(MessageCodec.encode(greeting(sender.address()))));
      });
      connection.receiverOpenHandler(receiver -> {
        receiver.handler(delivery -> {
          String body = String.valueOf(((AmqpValue) delivery.message().getBody()).getValue());
          received.add(body);
          outcome.accept(delivery, arrivals.merge(body, 1, Integer::sum) - 1);
        }).window(100);
        receiver.open();
      });
    }));
    this.tether = loop.call(() -> new Tether(new Linker(loop.vertx()), directory));
    loop.await(() -> tether.route(new Route(routeAddress, RouteTarget.of("127.0.0.1", listener.port()), name, policy)));
  }

  /** Starts an instance that accepts everything, once the directory has accepted its route. */
  public static TestService start(String name, Address directory, String routeAddress, String policy) {
    return new TestService(name, directory, routeAddress, policy, Outcome.ACCEPT);
  }

  /** Starts an instance that settles as {@code outcome} says. */
  public static TestService start(String name, Address directory, String routeAddress, String policy,
      Outcome outcome) {
    return new TestService(name, directory, routeAddress, policy, outcome);
  }

  /** The port it listens on. */
  public int port() {
    return listener.port();
  }

  /** Removes its route from the directory while it keeps running. */
  public void unregister() {
    loop.await(tether::close);
  }

  /** Dies abruptly: every accepted connection drops with no detach or close frame. */
  public void crash() {
    loop.await(listener::abort);
    loop.close();
  }

  private Message greeting(String address) {
    Message message = Message.Factory.create();
    message.setBody(new AmqpValue("hello from " + name + " for " + address));
    return message;
  }

  @Override
  public void close() {
    loop.close();
  }
}
