package dev.barker.monitoring;

import dev.barker.manifold.Address;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceOptions;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * A push target with an agent, on its own Vert.x so it can be killed: registers {@code path} with
 * policy {@code ordered} and accepts everything (a stand-in for bizlogic), unless told to reject
 * messages whose body starts with "bad".
 */
final class TestSink extends Service {

  /** Bodies it accepted, in order. */
  final List<String> accepted = new CopyOnWriteArrayList<>();
  /** While true, a message whose body starts with "bad" is rejected. */
  volatile boolean rejectBad;
  private final Address address;
  private final TestLoop loop;

  private TestSink(TestLoop loop, Address address) {
    super("bizlogic", new ServiceOptions(0), address.directory());
    this.loop = loop;
    this.address = address;
  }

  static TestSink start(Address address) {
    TestLoop loop = new TestLoop();
    TestSink sink = new TestSink(loop, address);
    loop.await(() -> loop.vertx().deployVerticle(sink).compose(id -> sink.registered()));
    return sink;
  }

  @Override
  public Address address() {
    return address;
  }

  @Override
  protected Future<?> onStart() {
    return register(address, "ordered");
  }

  @Override
  protected void onReceiverOpen(AmqpReceiver link) {
    link.handler(delivery -> {
      meter.incoming(1);
      String body = String.valueOf(((AmqpValue) delivery.message().getBody()).getValue());
      if (rejectBad && body.startsWith("bad")) {
        delivery.reject(new ErrorCondition(AmqpError.INVALID_FIELD, "a bad bark: " + body));
      } else {
        accepted.add(body);
        delivery.accept();
      }
    }).window(100);
    link.open();
  }

  /** Dies: its Vert.x closes, and with it every socket, so its routes go from the directory at once. */
  void kill() {
    loop.close();
  }
}
