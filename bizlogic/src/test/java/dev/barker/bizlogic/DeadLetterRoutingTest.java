package dev.barker.bizlogic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.Address;
import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.Redirect;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.TestService;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A user's dead letters are where their outbox is: the directory sends both to the same manifold. */
@Timeout(60)
class DeadLetterRoutingTest {

  private final TestNetwork network = new TestNetwork();

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void everyUsersDeadLettersResolveToTheOutboxThatKeepsThem() {
    for (int i = 0; i < 3; i++) {
      network.service("outbox-" + i, Mailboxes.OUTBOX, "consistent", TestService.Outcome.ACCEPT);
    }
    AmqpConnection directory = network.loop().await(() -> new AmqpClient(network.loop().vertx(), new EngineOptions())
        .connect("127.0.0.1", network.directory().port()));
    Set<String> instances = new HashSet<>();
    for (String user : Users.generate().names()) {
      String outbox = Mailboxes.outbox(network.directory().address(), user).toString();
      String servedAt = redirect(directory, outbox).authority();
      assertEquals(servedAt, redirect(directory, outbox + Address.DEAD_LETTERS).authority(), user + "'s dead letters");
      instances.add(servedAt);
    }
    assertEquals(3, instances.size(), "the users spread over all three outboxes");
  }

  private Redirect redirect(AmqpConnection connection, String address) {
    Throwable refused = network.loop().await(() -> {
      AmqpReceiver receiver = connection.createReceiver(address);
      receiver.open();
      return receiver.opened().transform(attached -> Future.succeededFuture(attached.cause()));
    });
    return Redirect.from(((LinkClosedException) refused).condition());
  }
}
