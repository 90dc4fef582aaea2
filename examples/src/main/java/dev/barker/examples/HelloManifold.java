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

/**
 * A directory and a manifold of its own (on free ports, so it never joins a Barker demo running on
 * this machine), a receiver and a sender through them. The README says how to run it.
 */
public final class HelloManifold {

  private HelloManifold() {
  }

  /** The body of the message that made the round trip. */
  public static Future<Object> run(Vertx vertx) {
    return Directory.start(vertx, new ServiceOptions(0)).compose(directory -> {
      Address notes = directory.address().withPath("/example/notes");
      return Manifold.start(vertx, new ManifoldOptions(notes.toString()).history(10))
          .compose(Manifold::registered)
          .compose(registered -> roundTrip(new Linker(vertx), notes.child("ada")));
    });
  }

  private static Future<Object> roundTrip(Linker linker, Address ada) {
    Promise<Object> received = Promise.promise();
    linker.receiver(ada, delivery -> {
      received.tryComplete(((AmqpValue) delivery.message().getBody()).getValue());
      delivery.accept();
    });
    Message note = Message.Factory.create();
    note.setMessageId("note-1");
    note.setBody(new AmqpValue("hello, manifold"));
    linker.sender(ada).send(note).onSuccess(accepted -> System.out.println("the manifold accepted note-1"));
    return received.future();
  }
}
