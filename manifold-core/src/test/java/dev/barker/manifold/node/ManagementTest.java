package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.TestService;
import dev.barker.manifold.link.Requester;
import dev.barker.manifold.management.Management;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A manifold's management node, asked over AMQP request/response as a console does: streams
 * queried (filtered, sorted, paged), one read in detail, its dead letters retried to the push
 * target and purged; what the node does not offer, and requests it cannot answer, said so.
 */
@Timeout(60)
class ManagementTest {

  private final TestNetwork network = new TestNetwork();
  private Manifold outbox;
  private Requester requester;

  @BeforeEach
  void start() {
    outbox = network.manifold(network.manifoldOptions("/outbox").history(5).push(network.address("/svc").toString()));
    requester = network.loop().call(() -> new Requester(network.client(), "127.0.0.1", outbox.port()));
  }

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void streamsAreQueriedSortedFilteredAndPagedAndOneIsReadInDetail() throws Exception {
    TestService target = network.service("target", "/svc", "ordered", TestService.Outcome.HOLD);
    for (String user : List.of("a", "b", "c")) {
      network.produce(network.address("/outbox/" + user), user, user.equals("b") ? 30 : 10);
    }
    await().until(() -> target.received.size() == 50);
    List<String> subscribed = network.subscribe(network.address("/outbox/b"));
    await().until(() -> subscribed.size() == 5);

    Map<?, ?> all = ok(Management.QUERY, null, Map.of("sort", "backlog"));
    assertEquals(3, all.get("total"));
    List<?> rows = (List<?>) all.get("streams");
    assertEquals(List.of("/outbox/b", "/outbox/a", "/outbox/c"), names(rows), "by backlog, largest first; ties by name");
    Map<?, ?> b = (Map<?, ?>) rows.get(0);
    assertEquals(30, b.get("backlog"));
    assertEquals(30L, b.get("in"));
    assertEquals(1, b.get("subscribers"));
    assertEquals("127.0.0.1:" + target.port(), b.get("pushed_to"));
    assertInstanceOf(Number.class, all.get("took_micros"));

    assertEquals(List.of("/outbox/c"), names((List<?>) ok(Management.QUERY, null,
        Map.of("sort", "name", "order", "desc", "offset", 0, "count", 1)).get("streams")), "paged");
    assertEquals(List.of("/outbox/a"), names((List<?>) ok(Management.QUERY, null, Map.of("prefix", "/outbox/a")).get("streams")));
    Requester.Response badSort = ask(Management.QUERY, null, Map.of("sort", "colour"));
    assertEquals(400, badSort.status());
    assertTrue(badSort.description().startsWith("cannot sort by colour; by one of name, messages"), badSort.description());

    Map<?, ?> read = ok(Management.READ, "/outbox/b", Map.of("browse", 3));
    List<?> messages = (List<?>) read.get("last_messages");
    assertEquals(3, messages.size(), "the last three, browsed");
    assertEquals("b29", ((Map<?, ?>) messages.get(2)).get("body"));
    Map<?, ?> push = (Map<?, ?>) read.get("push");
    assertEquals(network.address("/svc").toString(), push.get("address"));
    assertEquals("linked", push.get("state"));
    assertEquals(30, push.get("in_flight"));
    Map<?, ?> subscriber = (Map<?, ?>) ((List<?>) read.get("subscriber_links")).get(0);
    assertEquals(0L, subscriber.get("lag"));
    assertEquals(5, subscribed.size(), "browsing took nothing from the subscriber, nor sent it anything again");

    Requester.Response missing = ask(Management.READ, "/outbox/zzz", Map.of());
    assertEquals(404, missing.status());
    assertEquals("no stream /outbox/zzz here (this manifold holds 3)", missing.description());
  }

  @Test
  void deadLettersAreRetriedToThePushTargetAndPurged() throws Exception {
    AtomicInteger rejecting = new AtomicInteger(1);
    TestService.Outcome rejectThenAccept = (delivery, earlier) -> {
      if (rejecting.get() == 1) {
        delivery.reject(new ErrorCondition(AmqpError.INVALID_FIELD, "not today"));
      } else {
        delivery.accept();
      }
    };
    TestService target = network.service("target", "/svc", "ordered", rejectThenAccept);
    network.produce(network.address("/outbox/rex"), "r", 4);
    await().until(() -> deadLetters("/outbox/rex") == 4);
    Map<?, ?> read = ok(Management.READ, "/outbox/rex", Map.of());
    Map<?, ?> dead = (Map<?, ?>) read.get("dead_letters");
    List<?> last = (List<?>) dead.get("last");
    Map<?, ?> first = (Map<?, ?>) last.get(0);
    assertEquals("r0", first.get("body"));
    assertTrue(String.valueOf(first.get("reason")).contains("not today"), "why it died: " + first);

    rejecting.set(0);
    Map<?, ?> retried = ok("RETRY", "/outbox/rex", Map.of("seqs", List.of(((Number) first.get("seq")).longValue())));
    assertEquals(1, retried.get("retried"));
    await().until(() -> target.received.stream().filter("r0"::equals).count() == 2);
    assertEquals(3, deadLetters("/outbox/rex"), "the one retried left the dead letters");

    assertEquals(3, ok("PURGE", "/outbox/rex/dead", Map.of()).get("purged"));
    assertEquals(0, deadLetters("/outbox/rex"));
    assertEquals(404, ask("PURGE", "/outbox/rex", Map.of()).status(), "nothing left to purge");
  }

  @Test
  void whatTheNodeCannotDoItSays() throws Exception {
    Map<?, ?> service = ok(Management.READ, null, Map.of(), "service");
    assertEquals(true, service.get("ready"));
    assertEquals("127.0.0.1:" + outbox.port(), service.get("listener"));
    Map<?, ?> connections = ok(Management.QUERY, null, Map.of(), "connection");
    assertTrue(((Number) connections.get("total")).intValue() >= 1, connections.toString());

    Requester.Response unknown = ask("EXPLODE", null, Map.of());
    assertEquals(501, unknown.status());
    assertTrue(unknown.description().startsWith("no EXPLODE of stream here; this service offers: [PURGE stream, QUERY connection"),
        unknown.description());
    assertEquals(400, ask(Management.QUERY, null, Map.of("count", "lots")).status());
    assertNull(ask("EXPLODE", null, Map.of()).body());
  }

  private int deadLetters(String stream) throws Exception {
    Requester.Response read = ask(Management.READ, stream, Map.of());
    Object dead = read.isOk() ? ((Map<?, ?>) read.body()).get("dead") : null;
    return dead == null ? -1 : ((Number) dead).intValue();
  }

  private Map<?, ?> ok(String operation, String name, Map<String, Object> arguments) throws Exception {
    return ok(operation, name, arguments, ManifoldManagement.STREAM);
  }

  private Map<?, ?> ok(String operation, String name, Map<String, Object> arguments, String type) throws Exception {
    Requester.Response response = requester.request(operation, type, name, arguments).toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(200, response.status(), response.description());
    return (Map<?, ?>) response.body();
  }

  private Requester.Response ask(String operation, String name, Map<String, Object> arguments) throws Exception {
    return requester.request(operation, ManifoldManagement.STREAM, name, arguments).toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<String> names(List<?> rows) {
    return rows.stream().map(row -> String.valueOf(((Map<?, ?>) row).get("name"))).toList();
  }
}
