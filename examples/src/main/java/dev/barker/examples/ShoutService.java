package dev.barker.examples;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * A service in the manner of Barker's bizlogic: whatever is sent to {@code //HOST/shout/USER}
 * comes out upper-cased at {@code OUTPUT/USER}, at least once: each message is accepted only when
 * its copy is, released (to be sent again) when the copy could not be delivered, and rejected
 * when it has no text to shout.
 */
public final class ShoutService extends Service {

  private final Address output;

  private ShoutService(ServiceOptions options, Address directory, Address output) {
    super("shout", options, directory);
    this.output = output;
  }

  /** Starts the service on a free port, registered with {@code directory}, forwarding under {@code output}. */
  public static Future<ShoutService> start(Vertx vertx, Address directory, Address output) {
    return deploy(vertx, new ShoutService(new ServiceOptions(0), directory, output));
  }

  @Override
  public Address address() {
    return directory().withPath("/shout");
  }

  @Override
  protected Future<?> onStart() {
    return register(address(), "ordered"); // standbys may start beside it: the oldest one serves
  }

  @Override
  protected void onReceiverOpen(AmqpReceiver link) {
    String path = servedPath(link, address());
    if (path != null) {
      String user = path.substring(path.lastIndexOf('/') + 1);
      link.handler(delivery -> shout(user, delivery)).window(100);
      link.open();
    }
  }

  private void shout(String user, Delivery delivery) {
    if (!(delivery.message().getBody() instanceof AmqpValue value) || !(value.getValue() instanceof String text)) {
      delivery.reject(new ErrorCondition(AmqpError.INVALID_FIELD, "a shout needs a string body"));
      return;
    }
    Message loud = Message.Factory.create();
    loud.setMessageId(delivery.message().getMessageId()); // so the manifold drops a copy sent twice
    loud.setBody(new AmqpValue(text.toUpperCase()));
    linker().sender(output.child(user)).send(loud).onComplete(sent -> {
      if (sent.succeeded()) {
        meter.outgoing(1);
        delivery.accept();
      } else if (sent.cause() instanceof DeliveryException refused && refused.isRejected()) {
        delivery.reject(refused.condition());
      } else {
        delivery.release();
      }
    });
    meter.incoming(1);
  }
}
