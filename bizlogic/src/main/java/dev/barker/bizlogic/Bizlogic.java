package dev.barker.bizlogic;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Sender;
import dev.barker.manifold.node.Service;
import dev.barker.model.Bark;
import dev.barker.model.InvalidBarkException;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.DecodeException;

/**
 * Barker's business logic, registered at {@code //HOST/bizlogic} with policy {@code ordered} (one
 * active instance, the rest standbys). Each bark from an outbox goes, unchanged, to the inbox of its
 * author, the author's followers and every user it @mentions; the bark is accepted only once every
 * copy is, so nothing is lost if this instance dies mid-way (the outbox sends it again, and the
 * inboxes drop the copies they already have).
 */
public final class Bizlogic extends Service {

  private static final int BARKS_IN_FLIGHT = 100;

  private final BizlogicOptions options;
  private final Map<String, Sender> inboxes = new HashMap<>();
  private Users users;

  private Bizlogic(BizlogicOptions options) {
    super("bizlogic", options.service(), options.barker().directory());
    this.options = options;
  }

  /** Starts bizlogic on its own event loop. */
  public static Future<Bizlogic> start(Vertx vertx, BizlogicOptions options) {
    return deploy(vertx, new Bizlogic(options));
  }

  @Override
  public Address address() {
    return directory().withPath(Mailboxes.BIZLOGIC);
  }

  @Override
  protected Future<?> onStart() {
    return vertx.executeBlocking(() -> UsersFile.loadOrCreate(options.barker().data())).map(loaded -> {
      users = loaded;
      UsersFile.watch(vertx, options.barker().data(), reloaded -> users = reloaded);
      return register(address(), "ordered");
    });
  }

  @Override
  protected void onReceiverOpen(AmqpReceiver outbox) {
    if (servedPath(outbox, address()) != null) {
      String owner = Mailboxes.ownerOfOutbox(outbox.sourceAddress());
      outbox.handler(delivery -> onBark(owner, delivery)).window(BARKS_IN_FLIGHT);
      outbox.open();
    }
  }

  private Sender inbox(String user) {
    return inboxes.computeIfAbsent(user, name -> linker().sender(Mailboxes.inbox(directory(), name)));
  }

  /** A bark from {@code owner}'s outbox (null: from no outbox): its author must be the owner. */
  private void onBark(String owner, Delivery delivery) {
    Bark bark;
    try {
      bark = Bark.fromMessage(delivery.message());
      if (!users.exists(bark.user())) {
        throw new InvalidBarkException("bark " + bark.id() + " is from unknown user '" + bark.user() + "'");
      }
    } catch (InvalidBarkException | DecodeException e) {
      delivery.reject(new ErrorCondition(AmqpError.INVALID_FIELD, e.getMessage()));
      return;
    }
    if (!bark.user().equals(owner)) { // the outbox's access rule says who may bark there
      delivery.reject(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, "bark " + bark.id() + " claims to be "
          + bark.user() + "'s but came " + (owner == null ? "from no outbox" : "from " + owner + "'s outbox")));
      return;
    }
    meter.incoming(1);
    List<Future<Void>> copies = users.audience(bark).stream()
        .map(user -> inbox(user).send(delivery.bytes()))
        .toList();
    Future.all(copies).onComplete(sent -> {
      if (sent.succeeded()) {
        meter.outgoing(copies.size());
        delivery.accept();
      } else if (sent.cause() instanceof DeliveryException refused && refused.isRejected()) {
        delivery.reject(refused.condition()); // an inbox will never take it
      } else {
        delivery.release(); // the outbox sends it again; inboxes drop the copies they have
      }
    });
  }
}
