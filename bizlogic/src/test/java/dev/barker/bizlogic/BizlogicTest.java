package dev.barker.bizlogic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.node.Manifold;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Barks through real manifolds and bizlogic, end to end, checked against the users file. */
@Timeout(60)
class BizlogicTest {

  private final TestNetwork network = new TestNetwork();
  private Manifold inbox;
  private Bizlogic bizlogic;
  private Users users;

  @TempDir
  Path data;

  @BeforeEach
  void start() {
    users = UsersFile.loadOrCreate(data);
    inbox = network.manifold(network.manifoldOptions(Mailboxes.INBOX).history(25));
    network.manifold(network.manifoldOptions(Mailboxes.OUTBOX).push(network.address(Mailboxes.BIZLOGIC).toString()));
    BizlogicOptions options = new BizlogicOptions();
    options.service().port(0);
    options.barker().directory(network.directory().address()).data(data);
    bizlogic = network.loop().await(() -> Bizlogic.start(network.loop().vertx(), options));
    network.loop().await(bizlogic::registered);
  }

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void barkReachesExactlyTheInboxesOfAuthorFollowersAndMentionedUsers() {
    Bark bark = new Bark("rex", "woof woof @luna @nobody #subwoofer", "b1");
    Set<String> audience = users.audience(bark);
    assertTrue(audience.contains("luna") && audience.contains("rex") && !audience.contains("nobody"));

    send(bark.toMessage(), "rex");

    List<Map<String, Object>> reports = network.reports(inbox.agentAddress());
    await().until(() -> !reports.isEmpty() && number(reports, AgentReport.MANIFOLD_MESSAGES) == audience.size());
    assertEquals(audience.size(), number(reports, AgentReport.MANIFOLD_STREAMS), "no inbox outside the audience got it");
    for (String user : audience) {
      List<String> seen = network.subscribe(Mailboxes.inbox(network.directory().address(), user));
      await().until(() -> seen.size() == 1);
      assertEquals("[rex, woof woof @luna @nobody #subwoofer, b1]", seen.get(0));
    }
  }

  @Test
  void linksToAnAddressThatOnlyBeginsLikeBizlogicsAreRefused() {
    AmqpConnection connection = network.loop().await(() -> new AmqpClient(network.loop().vertx(), new EngineOptions())
        .connect(bizlogic.host(), bizlogic.port()));
    String lookalike = network.address(Mailboxes.BIZLOGIC + "X").toString();
    Throwable refused = network.loop().await(() -> {
      AmqpSender sender = connection.createSender(lookalike);
      sender.open();
      return sender.opened().transform(attached -> Future.succeededFuture(attached.cause()));
    });
    LinkClosedException closed = assertInstanceOf(LinkClosedException.class, refused);
    assertEquals(AmqpError.NOT_FOUND, closed.condition().getCondition());
    assertTrue(closed.getMessage().contains("not " + lookalike), closed.getMessage());
  }

  @Test
  void malformedBarkIsRejectedAndKeptInTheOutboxDeadLetters() {
    Message notAList = Message.Factory.create();
    notAList.setMessageId("junk1");
    notAList.setBody(new AmqpValue("just a string"));
    Message unknownAuthor = new Bark("nobody", "woof", "junk2").toMessage();

    send(notAList, "rex");
    send(unknownAuthor, "rex");

    List<String> dead = network.subscribe(network.address(Mailboxes.OUTBOX + "/rex/dead"));
    await().until(() -> dead.size() == 2);
    assertEquals(List.of("just a string", "[nobody, woof, junk2]"), dead);
  }

  private void send(Message message, String author) {
    Address outbox = Mailboxes.outbox(network.directory().address(), author);
    Future<Void> accepted = network.loop().call(() -> network.client().sender(outbox).send(message));
    await().until(() -> {
      if (accepted.failed()) {
        throw new AssertionError("the outbox did not accept it", accepted.cause());
      }
      return accepted.succeeded();
    });
  }

  private static int number(List<Map<String, Object>> reports, String field) {
    List<Map<String, Object>> now = new ArrayList<>(reports);
    return ((Number) now.get(now.size() - 1).get(field)).intValue();
  }
}
