package dev.barker.examples;

import dev.barker.manifold.Address;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.node.ServiceOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/** A directory, a manifold for the output, the {@link ShoutService}, and one shout through them. */
public final class ShoutExample {

  private ShoutExample() {
  }

  /** What ada's loud stream received. */
  public static Future<Object> run(Vertx vertx) {
    return Directory.start(vertx, new ServiceOptions(0)).compose(directory -> {
      Address loud = directory.address().withPath("/example/loud");
      return Manifold.start(vertx, new ManifoldOptions(loud.toString()))
          .compose(manifold -> ShoutService.start(vertx, directory.address(), loud))
          .compose(shout -> shout.registered().map(shout))
          .compose(shout -> shoutAndListen(new Linker(vertx), shout.address().child("ada"), loud.child("ada")));
    });
  }

  private static Future<Object> shoutAndListen(Linker linker, Address shout, Address heard) {
    Promise<Object> received = Promise.promise();
    linker.receiver(heard, delivery -> {
      received.tryComplete(((AmqpValue) delivery.message().getBody()).getValue());
      delivery.accept();
    });
    Message message = Message.Factory.create();
    message.setMessageId("shout-1");
    message.setBody(new AmqpValue("woof, said ada"));
    linker.sender(shout).send(message);
    return received.future();
  }
}
