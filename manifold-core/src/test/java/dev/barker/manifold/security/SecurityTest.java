package dev.barker.manifold.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpListener;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Principal;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.link.Requester;
import dev.barker.manifold.management.Management;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.DirectoryOptions;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.manifold.web.PageServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory and a manifold that require SASL PLAIN against a credentials file and enforce
 * access rules: who gets in, what each principal may attach to, and the refusal to listen beyond
 * loopback without authentication.
 */
@Timeout(60)
class SecurityTest {

  private static final JsonObject RULES = new JsonObject("""
      {"user": {"send": ["/outbox/{name}"], "receive": ["/inbox/{name}"]},
       "service": {"send": ["/**"], "receive": ["/**"], "route": ["/**"]}}""");
  private static final String PASSWORD = "correct horse";
  private static final String CLOSED = "connection closed before the link opened";
  private static final String SECRET = "a secret of at least thirty-two characters";
  private static final Tokens TOKENS = new Tokens(SECRET);

  @TempDir
  static Path dir;

  private static final TestLoop LOOP = new TestLoop();
  private static Directory directory;
  private static Manifold outbox;

  @BeforeAll
  static void start() throws Exception {
    Path credentials = dir.resolve("credentials.json");
    CredentialsFile.put(credentials, "ark3", PASSWORD, Set.of("user"));
    CredentialsFile.put(credentials, "rex", PASSWORD, Set.of("user"));
    CredentialsFile.put(credentials, "svc", PASSWORD, Set.of("service"));
    CredentialsFile.put(credentials, "watcher", PASSWORD, Set.of(Management.VIEWER));
    CredentialsFile.put(credentials, "operator", PASSWORD, Set.of(Management.VIEWER, Management.ADMIN));
    directory = LOOP.await(() -> Directory.start(LOOP.vertx(), new DirectoryOptions(new ServiceOptions(0)
        .engine(secured(credentials)))));
    ManifoldOptions options = new ManifoldOptions(directory.address().withPath("/outbox").toString());
    options.service().engine(secured(credentials));
    outbox = LOOP.await(() -> Manifold.start(LOOP.vertx(), options));
    LOOP.await(outbox::registered);
  }

  private static EngineOptions secured(Path credentials) {
    return new EngineOptions().authenticator(TOKENS.or(CredentialsFile.load(credentials)))
        .admission(AccessRules.parse(RULES))
        .login("svc", PASSWORD);
  }

  @AfterAll
  static void stop() {
    LOOP.close();
  }

  @Test
  void aUserSendsToItsOwnOutboxAndReadsItsOwnInbox() {
    assertNull(attach("ark3", PASSWORD, outbox.port(), true, "/outbox/ark3"));
    assertEquals("amqp:not-found: no route for address /inbox/ark3", attach("ark3", PASSWORD, directory.port(), false,
        "/inbox/ark3"), "allowed, so the directory looks for a route (no inbox runs here)");
  }

  @Test
  void everyForbiddenAttachIsRefusedWithUnauthorizedAccessSayingWhy() {
    assertDenied(attach("ark3", PASSWORD, outbox.port(), true, "/outbox/rex"), "ark3 (roles [user]) may not send to /outbox/rex");
    assertDenied(attach("ark3", PASSWORD, outbox.port(), false, "/outbox/ark3"), "may not receive from /outbox/ark3");
    assertDenied(attach("ark3", PASSWORD, directory.port(), false, "/inbox/rex"), "may not receive from /inbox/rex");
    assertDenied(attach("ark3", PASSWORD, directory.port(), true, "/inbox/ark3"), "may not send to /inbox/ark3");
    assertDenied(attach("ark3", PASSWORD, directory.port(), true, "/directory"), "may not send to /directory");
    assertNull(attach("svc", PASSWORD, directory.port(), false, "/directory"), "a service follows the route stream");
  }

  @Test
  void aMessageClaimingAnotherUserIdIsRefusedAndOnesOwnIsTaken() {
    Linker ark3 = LOOP.call(() -> new Linker(LOOP.vertx(), new LinkerOptions().engine(new EngineOptions()
        .login("ark3", PASSWORD))));
    Address outboxOfArk3 = directory.address().withPath("/outbox/ark3");
    Throwable refused = LOOP.await(() -> ark3.sender(outboxOfArk3).send(withUserId("rdl"))
        .transform(sent -> Future.succeededFuture(sent.cause())));
    DeliveryException rejected = assertInstanceOf(DeliveryException.class, refused);
    assertEquals(AmqpError.UNAUTHORIZED_ACCESS, rejected.condition().getCondition());
    assertEquals("ark3 sent a message with user-id rdl: only its own is allowed", rejected.condition().getDescription());
    LOOP.await(() -> ark3.sender(outboxOfArk3).send(withUserId("ark3")));
    LOOP.await(ark3::close);
  }

  private static Message withUserId(String user) {
    Message message = Message.Factory.create();
    message.setUserId(user.getBytes(StandardCharsets.UTF_8));
    message.setBody(new AmqpValue("woof"));
    return message;
  }

  @Test
  void managementReadsNeedTheViewerRoleAndActionsTheAdminRole() throws Exception {
    assertEquals(200, manage("watcher", Management.QUERY).status(), "a viewer may read");
    assertUnauthorized(() -> manage("ark3", Management.QUERY), "ark3 (roles [user]) may not QUERY stream: it needs the viewer role");
    assertUnauthorized(() -> manage("watcher", "PURGE"), "watcher (roles [viewer]) may not PURGE stream: it needs the admin role");
    assertEquals(404, manage("operator", "PURGE").status(), "an admin may act (and learns there is nothing to purge)");
  }

  private static void assertUnauthorized(Callable<Requester.Response> request, String why) {
    ExecutionException refused = assertThrows(ExecutionException.class, request::call);
    DeliveryException rejected = assertInstanceOf(DeliveryException.class, refused.getCause());
    assertEquals(AmqpError.UNAUTHORIZED_ACCESS, rejected.condition().getCondition());
    assertEquals(why, rejected.condition().getDescription());
  }

  /** {@code operation} on stream /outbox/ark3 asked of the outbox's management node, logged in as {@code user}. */
  private static Requester.Response manage(String user, String operation) throws Exception {
    Linker linker = LOOP.call(() -> new Linker(LOOP.vertx(), new LinkerOptions().engine(new EngineOptions().login(user, PASSWORD))));
    try {
      return LOOP.call(() -> new Requester(linker, "127.0.0.1", outbox.port()))
          .request(operation, "stream", "/outbox/ark3", Map.of()).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } finally {
      linker.close();
    }
  }

  @Test
  void noConnectionWithoutTheRightPassword() {
    assertEquals(CLOSED, attach("ark3", "wrong", outbox.port(), true, "/outbox/ark3"));
    assertEquals(CLOSED, attach("nobody", PASSWORD, outbox.port(), true, "/outbox/ark3"));
    assertEquals(CLOSED, attach(null, null, outbox.port(), true, "/outbox/ark3"));
    assertNull(attach("ark3", PASSWORD, outbox.port(), true, "/outbox/ark3"), "and the right one still gets in");
  }

  @Test
  void aFloodOfWrongPasswordsFromOneAddressIsRefusedUncheckedAndOthersStillLogInAtOnce() {
    AmqpClient attacker = LOOP.call(() -> new AmqpClient(LOOP.vertx(), new EngineOptions().login("ark3", "wrong")
        .localAddress("127.0.0.2")));
    List<Future<AmqpConnection>> attempts = new ArrayList<>();
    for (int i = 0; i < 16 * 5; i++) {
      attempts.add(LOOP.call(() -> attacker.connect("127.0.0.1", outbox.port())));
    }
    long start = System.nanoTime();
    assertNull(attach("ark3", PASSWORD, outbox.port(), true, "/outbox/ark3"), "a good login from elsewhere");
    long goodMillis = (System.nanoTime() - start) / 1_000_000;
    LOOP.await(() -> Future.join(attempts).transform(done -> Future.succeededFuture()));
    assertTrue(attempts.stream().allMatch(Future::failed), "no wrong password got in");
    assertTrue(goodMillis < 3_000, "the good login took " + goodMillis + " ms beside 80 wrong ones");
    System.out.printf("wrong-password flood: 80 at once from 127.0.0.2, all refused (one checked at a time, the "
        + "rest at once); a good login from 127.0.0.1 meanwhile took %d ms%n", goodMillis);
  }

  @Test
  void aTokenServesAsItsOwnersPasswordOnlyAndOnlyUntampered() {
    String token = LOOP.call(() -> TOKENS.issue(new Principal("ark3", Set.of("user"))));
    assertNull(attach("ark3", token, outbox.port(), true, "/outbox/ark3"));
    assertEquals(CLOSED, attach("rex", token, outbox.port(), true, "/outbox/rex"), "ark3's token presented by rex");
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertEquals(CLOSED, attach("ark3", tampered, outbox.port(), true, "/outbox/ark3"));
    String forged = LOOP.call(() -> new Tokens("another secret of thirty-two characters").issue(new Principal("ark3", Set.of("service"))));
    assertEquals(CLOSED, attach("ark3", forged, outbox.port(), true, "/outbox/ark3"), "signed with another secret");
  }

  @Test
  void aTokenThatNeverExpiresOrLivesLongerThanWeIssueThemIsRefused() {
    JWTAuth sameSecret = LOOP.call(() -> JWTAuth.create(LOOP.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET))));
    JsonObject claims = new JsonObject().put("sub", "ark3").put("roles", new JsonArray().add("user"));
    String forever = LOOP.call(() -> sameSecret.generateToken(claims, new JWTOptions().setIssuer("barker")));
    String aDay = LOOP.call(() -> sameSecret.generateToken(claims,
        new JWTOptions().setIssuer("barker").setExpiresInSeconds((int) Duration.ofDays(1).toSeconds())));
    assertEquals(CLOSED, attach("ark3", forever, outbox.port(), true, "/outbox/ark3"), "no exp");
    assertEquals(CLOSED, attach("ark3", aDay, outbox.port(), true, "/outbox/ark3"), "a day's lifetime");
  }

  @Test
  void qpidJmsLogsInWithPlainAndSendsToItsOwnOutbox() throws Exception {
    JmsConnectionFactory factory = new JmsConnectionFactory("rex", PASSWORD, "amqp://127.0.0.1:" + outbox.port());
    try (Connection connection = factory.createConnection()) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue("/outbox/rex"));
      producer.send(session.createTextMessage("woof"));
      JMSException denied = assertThrows(JMSException.class,
          () -> session.createProducer(session.createQueue("/outbox/ark3")));
      assertTrue(denied.getMessage().contains("may not send to /outbox/ark3"), denied.getMessage());
    }
  }

  @Test
  void listeningBeyondLoopbackWithoutSecurityIsRefusedSayingHowToEnableIt() {
    Throwable refused = LOOP.await(() -> AmqpListener.listen(LOOP.vertx(), "0.0.0.0", 0, new EngineOptions(), c -> { })
        .transform(done -> Future.succeededFuture(done.cause())));
    assertNotNull(refused, "it listened");
    assertTrue(refused.getMessage().contains("--credentials"), refused.getMessage());
    Throwable refusedPages = LOOP.await(() -> PageServer.start(LOOP.vertx(), "0.0.0.0", 0, directory.address(), router -> { })
        .transform(done -> Future.succeededFuture(done.cause())));
    assertNotNull(refusedPages, "it served pages");
    assertTrue(refusedPages.getMessage().contains("--credentials"), refusedPages.getMessage());
  }

  /**
   * Logs in as {@code user} (null: anonymously) at {@code port} and attaches a link that sends to
   * ({@code sending}) or receives from {@code address}: null when attached, else what went wrong.
   */
  private static String attach(String user, String password, int port, boolean sending, String address) {
    EngineOptions options = user == null ? new EngineOptions() : new EngineOptions().login(user, password);
    return LOOP.await(() -> new AmqpClient(LOOP.vertx(), options).connect("127.0.0.1", port).compose(connection -> {
      Future<?> opened;
      if (sending) {
        AmqpSender sender = connection.createSender(address);
        sender.open();
        opened = sender.opened();
      } else {
        AmqpReceiver receiver = connection.createReceiver(address);
        receiver.open();
        opened = receiver.opened();
      }
      Promise<String> outcome = Promise.promise();
      opened.onComplete(done -> outcome.tryComplete(done.succeeded() ? null : describe(done.cause())));
      connection.closed().onComplete(done -> outcome.tryComplete(CLOSED));
      return outcome.future().onComplete(done -> connection.close());
    }).recover(notConnected -> Future.succeededFuture(CLOSED)));
  }

  private static String describe(Throwable failure) {
    if (failure instanceof LinkClosedException closed && closed.condition() != null) {
      return closed.condition().getCondition() + ": " + closed.condition().getDescription();
    }
    return failure.toString();
  }

  private static void assertDenied(String outcome, String why) {
    assertTrue(outcome != null && outcome.startsWith(AmqpError.UNAUTHORIZED_ACCESS + ": ") && outcome.contains(why),
        () -> "expected amqp:unauthorized-access saying '" + why + "', got " + outcome);
  }
}
