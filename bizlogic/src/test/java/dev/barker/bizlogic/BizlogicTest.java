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
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.node.Manifold;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
  private Manifold outbox;
  private Bizlogic bizlogic;
  private Users users;

  @TempDir
  Path data;

  @BeforeEach
  void start() {
    users = UsersFile.loadOrCreate(data);
    inbox = network.manifold(network.manifoldOptions(Mailboxes.INBOX).history(25));
    outbox = network.manifold(network.manifoldOptions(Mailboxes.OUTBOX).push(network.address(Mailboxes.BIZLOGIC).toString()));
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

  @Test
  void aBarkInSomeoneElsesNameIsRejectedAndReachesNoInbox() {
    List<Map<String, Object>> outboxReports = network.reports(outbox.agentAddress());
    send(new Bark("rdl", "i am rdl, honest", "fake-1").toMessage(), "rex");
    send(new Bark("rex", "woof after", "good-after").toMessage(), "rex");

    List<String> rdl = network.subscribe(Mailboxes.inbox(network.directory().address(), "rdl"));
    List<String> rex = network.subscribe(Mailboxes.inbox(network.directory().address(), "rex"));
    await().until(() -> rex.contains("[rex, woof after, good-after]"));
    await().until(() -> !outboxReports.isEmpty() && number(outboxReports, AgentReport.MANIFOLD_DEAD_LETTERS) == 1);
    assertTrue(rdl.stream().noneMatch(bark -> bark.contains("fake-1")), "rdl's inbox got no bark in its name: " + rdl);
  }

  @Test
  void aBarkWhoseTextIsNotValidUtf8IsRejectedAndNeverReachesAnInbox() {
    byte[] encoded = MessageCodec.encode(new Bark("rex", "woof xx", "bad-utf8").toMessage());
    int at = indexOf(encoded, "xx".getBytes(StandardCharsets.US_ASCII));
    encoded[at] = (byte) 0xC3; // a lead byte followed by no continuation byte: malformed UTF-8
    encoded[at + 1] = (byte) 0x28;
    List<Map<String, Object>> outboxReports = network.reports(outbox.agentAddress());

    send(encoded, "rex");
    send(new Bark("rex", "woof after", "good-after").toMessage(), "rex");

    List<String> seen = network.subscribe(Mailboxes.inbox(network.directory().address(), "rex"));
    await().until(() -> seen.contains("[rex, woof after, good-after]"));
    assertEquals(List.of("[rex, woof after, good-after]"), seen, "the malformed bark reached no inbox");
    await().until(() -> !outboxReports.isEmpty() && number(outboxReports, AgentReport.MANIFOLD_DEAD_LETTERS) == 1);
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private void send(Message message, String author) {
    send(MessageCodec.encode(message), author);
  }

  private void send(byte[] encodedMessage, String author) {
    Address outbox = Mailboxes.outbox(network.directory().address(), author);
    Future<Void> accepted = network.loop().call(() -> network.client().sender(outbox).send(encodedMessage));
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
