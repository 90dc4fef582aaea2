package dev.barker.directory;

import dev.barker.manifold.Address;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.directory.Tether;
import dev.barker.manifold.engine.AmqpListener;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.link.Linker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/**
 * A service instance for directory tests, on its own Vert.x (so a "crash" closes its sockets with
 * no AMQP detach or close): it registers a route through a tether, greets every link that receives
 * from it with "hello from NAME for ADDRESS", and keeps whatever is sent to it, accepting it (or,
 * when started {@link #holding}, never settling it, as a process that dies mid-work would).
 */
final class TestService implements AutoCloseable {

  final String name;
  final List<String> received = new CopyOnWriteArrayList<>();
  private final TestLoop loop = new TestLoop();
  private final AmqpListener listener;
  private final Tether tether;

  private TestService(String name, Address directory, String routeAddress, String policy, boolean settle) {
    this.name = name;
    this.listener = loop.await(() -> AmqpListener.listen(loop.vertx(), "127.0.0.1", 0, new EngineOptions(), connection -> {
      connection.senderOpenHandler(sender -> {
        sender.open();
        sender.opened().onSuccess(v -> sender.sendPresettled(MessageCodec.encode(greeting(sender.address()))));
      });
      connection.receiverOpenHandler(receiver -> {
        receiver.handler(delivery -> {
          received.add(String.valueOf(((AmqpValue) delivery.message().getBody()).getValue()));
          if (settle) {
            delivery.accept();
          }
        }).window(100);
        receiver.open();
      });
    }));
    this.tether = loop.call(() -> new Tether(new Linker(loop.vertx()), directory));
    loop.await(() -> tether.route(new Route(routeAddress, RouteTarget.of("127.0.0.1", listener.port()), name, policy)));
  }

  /** Starts an instance and waits until the directory has accepted its route. */
  static TestService start(String name, Address directory, String routeAddress, String policy) {
    return new TestService(name, directory, routeAddress, policy, true);
  }

  /** Starts an instance that takes messages but never settles them. */
  static TestService holding(String name, Address directory, String routeAddress, String policy) {
    return new TestService(name, directory, routeAddress, policy, false);
  }

  int port() {
    return listener.port();
  }

  private Message greeting(String address) {
    Message message = Message.Factory.create();
    message.setBody(new AmqpValue("hello from " + name + " for " + address));
    return message;
  }

  /** Dies abruptly: every socket closes with no detach or close frame. */
  void crash() {
    loop.close();
  }

  @Override
  public void close() {
    loop.close();
  }
}
