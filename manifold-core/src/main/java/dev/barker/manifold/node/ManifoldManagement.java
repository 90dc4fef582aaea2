package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.management.Management;
import dev.barker.manifold.management.ManagementException;
import dev.barker.manifold.management.ManagementNode;
import dev.barker.manifold.management.ManagementRequest;
import dev.barker.manifold.stream.Entry;
import dev.barker.manifold.stream.Stream;
import dev.barker.manifold.stream.StreamStats;
import dev.barker.manifold.stream.SubscriberView;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a manifold's management node answers about its streams, so a console pages through any
 * number of them without the manifold broadcasting them: {@code QUERY stream} (filtered by prefix,
 * sorted by any column, paged) and {@code READ stream} (one in detail: subscribers, push target,
 * its last messages and dead letters, browsed without taking them) for viewers; {@code RETRY
 * stream} (its dead letters pushed again) and {@code PURGE stream} (its dead letters dropped) for
 * admins, each logged with who asked.
 */
final class ManifoldManagement {

  /** Type: a stream (a sub-address). */
  static final String STREAM = "stream";
  /** Operation: push a stream's dead letters again. */
  static final String RETRY = "RETRY";
  /** Operation: drop a stream's dead letters. */
  static final String PURGE = "PURGE";
  /** Rows a query returns at most. */
  static final int MAX_PAGE = 1_000;
  /** Messages a read browses at most. */
  static final int MAX_BROWSE = 200;

  private static final Logger LOG = LoggerFactory.getLogger(ManifoldManagement.class);
  private static final Map<String, ToLongFunction<Row>> COLUMNS = columns();

  /** A stream's figures and its dead letters' count: one line of a query. */
  private record Row(StreamStats stats, int dead) {
  }

  private final Map<String, Stream> streams;
  private final Function<String, Stream> streamFor;
  private final Address push;

  /** Answers about {@code streams}; {@code streamFor} makes one that is missing; {@code push} may be null. */
  ManifoldManagement(Map<String, Stream> streams, Function<String, Stream> streamFor, Address push) {
    this.streams = streams;
    this.streamFor = streamFor;
    this.push = push;
  }

  void addTo(ManagementNode node) {
    node.operation(STREAM, Management.QUERY, Management.VIEWER, this::query)
        .operation(STREAM, Management.READ, Management.VIEWER, this::read)
        .operation(STREAM, RETRY, Management.ADMIN, this::retry)
        .operation(STREAM, PURGE, Management.ADMIN, this::purge);
  }

  private Map<String, Object> query(ManagementRequest request) {
    long started = System.nanoTime();
    String prefix = request.text("prefix", "");
    String sort = request.text("sort", "backlog");
    boolean descending = !request.text("order", sort.equals("name") ? "asc" : "desc").equals("asc");
    int offset = request.number("offset", 0, 0, Integer.MAX_VALUE);
    int count = request.number("count", 50, 1, MAX_PAGE);
    Comparator<Row> order = comparator(sort);
    long now = System.currentTimeMillis();
    List<Row> matching = new ArrayList<>();
    for (Stream stream : streams.values()) {
      if (stream.name().startsWith(prefix)) {
        matching.add(new Row(stream.stats(now), deadCount(stream.name())));
      }
    }
    matching.sort(descending ? order.reversed() : order);
    List<Map<String, Object>> page = new ArrayList<>();
    for (int index = offset; index < Math.min(matching.size(), offset + count); index++) {
      page.add(row(matching.get(index)));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", matching.size());
    result.put("offset", offset);
    result.put("streams", page);
    result.put("took_micros", (System.nanoTime() - started) / 1_000);
    return result;
  }

  private Map<String, Object> read(ManagementRequest request) {
    Stream stream = existing(request.name());
    int browse = request.number("browse", 20, 0, MAX_BROWSE);
    long now = System.currentTimeMillis();
    StreamStats stats = stream.stats(now);
    Map<String, Object> read = row(new Row(stats, deadCount(stream.name())));
    List<Map<String, Object>> subscribers = new ArrayList<>();
    for (SubscriberView subscriber : stream.subscribers()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("peer", subscriber.peer());
      view.put("user", subscriber.user());
      view.put("since", subscriber.attachedAtMillis());
      view.put("lag", subscriber.lag());
      view.put("credit", subscriber.credit());
      subscribers.add(view);
    }
    read.put("subscriber_links", subscribers);
    if (push != null && !stream.name().endsWith(Address.DEAD_LETTERS)) {
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("address", push.toString());
      target.put("linked_to", stats.pushedTo());
      target.put("state", stats.pushedTo() == null ? "not linked: no instance reachable" : "linked");
      target.put("in_flight", stats.pushInFlight());
      target.put("backlog", stats.backlog());
      target.put("oldest_ms", stats.oldestPendingAgeMillis());
      read.put("push", target);
    }
    read.put("last_messages", stream.browse(browse).stream().map(MessagePreview::of).toList());
    Stream dead = streams.get(stream.name() + Address.DEAD_LETTERS);
    if (dead != null) {
      read.put("dead_letters", Map.of("name", dead.name(), "messages", dead.depth(),
          "last", dead.browse(browse).stream().map(MessagePreview::of).toList()));
    }
    return read;
  }

  private Future<Map<String, Object>> retry(ManagementRequest request) {
    if (push == null) {
      throw new ManagementException(409, "this manifold pushes nowhere, so there is nothing to push its dead letters to");
    }
    String owner = ownerOf(request.name());
    Stream dead = deadLettersOf(owner);
    Set<Long> chosen = seqs(request);
    List<Entry> retried = dead.browse(dead.depth()).stream().filter(e -> chosen == null || chosen.contains(e.seq())).toList();
    Stream target = streamFor.apply(owner);
    List<Future<Void>> appended = new ArrayList<>();
    for (Entry entry : retried) {
      appended.add(target.append(DeadLetters.restore(entry.bytes())));
    }
    // dropped from the dead letters only once stored again: a failure keeps them there
    return Future.all(appended).map(all -> {
      Set<Long> done = new HashSet<>();
      retried.forEach(entry -> done.add(entry.seq()));
      dead.remove(done);
      LOG.info("{} retried {} dead letters of {}: pushed to {} again", request.who(), retried.size(), owner, push);
      return Map.<String, Object>of("retried", retried.size());
    }).recover(failed -> Future.failedFuture(new ManagementException(409, "could not store them again: "
        + failed.getMessage() + "; the dead letters are kept")));
  }

  private Map<String, Object> purge(ManagementRequest request) {
    String owner = ownerOf(request.name());
    int purged = deadLettersOf(owner).remove(seqs(request));
    LOG.info("{} purged {} dead letters of {}", request.who(), purged, owner);
    return Map.of("purged", purged);
  }

  /** The stream whose dead letters {@code name} means: itself, or the one a {@code /dead} stream belongs to. */
  private static String ownerOf(String name) {
    if (name == null) {
      throw new ManagementException(400, "name the stream whose dead letters to act on");
    }
    return Address.streamOf(name);
  }

  private Stream deadLettersOf(String owner) {
    Stream dead = streams.get(owner + Address.DEAD_LETTERS);
    if (dead == null || dead.depth() == 0) {
      throw new ManagementException(404, owner + " has no dead letters here");
    }
    return dead;
  }

  private Stream existing(String name) {
    Stream stream = name == null ? null : streams.get(name);
    if (stream == null) {
      throw new ManagementException(404, "no stream " + name + " here (this manifold holds " + streams.size() + ")");
    }
    return stream;
  }

  private int deadCount(String name) {
    Stream dead = streams.get(name + Address.DEAD_LETTERS);
    return dead == null ? 0 : dead.depth();
  }

  /** Argument {@code seqs}: the messages to act on, or null for all of them. */
  private static Set<Long> seqs(ManagementRequest request) {
    Object seqs = request.arguments().get("seqs");
    if (seqs == null) {
      return null;
    }
    if (!(seqs instanceof List<?> list) || !list.stream().allMatch(Number.class::isInstance)) {
      throw new ManagementException(400, "argument seqs must be a list of message positions (seq), not " + seqs);
    }
    Set<Long> chosen = new HashSet<>();
    list.forEach(seq -> chosen.add(((Number) seq).longValue()));
    return chosen;
  }

  private static Map<String, Object> row(Row row) {
    StreamStats stats = row.stats();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", stats.name());
    map.put("messages", stats.messages());
    map.put("bytes", stats.bytes());
    map.put("backlog", stats.backlog());
    map.put("oldest_ms", stats.oldestPendingAgeMillis());
    map.put("subscribers", stats.subscribers());
    map.put("lag", stats.slowestLag());
    map.put("producers", stats.producers());
    map.put("in", stats.incoming());
    map.put("out", stats.outgoing());
    map.put("dead", row.dead());
    map.put("pushed_to", stats.pushedTo());
    return map;
  }

  private static Comparator<Row> comparator(String sort) {
    Comparator<Row> byName = Comparator.comparing(row -> row.stats().name());
    if (sort.equals("name")) {
      return byName;
    }
    ToLongFunction<Row> column = COLUMNS.get(sort);
    if (column == null) {
      throw new ManagementException(400, "cannot sort by " + sort + "; by one of name, " + String.join(", ", COLUMNS.keySet()));
    }
    return Comparator.comparingLong(column).thenComparing(byName.reversed()); // ties: by name, whichever the order
  }

  private static Map<String, ToLongFunction<Row>> columns() {
    Map<String, ToLongFunction<Row>> columns = new LinkedHashMap<>();
    columns.put("messages", row -> row.stats().messages());
    columns.put("bytes", row -> row.stats().bytes());
    columns.put("backlog", row -> row.stats().backlog());
    columns.put("oldest_ms", row -> row.stats().oldestPendingAgeMillis());
    columns.put("subscribers", row -> row.stats().subscribers());
    columns.put("lag", row -> row.stats().slowestLag());
    columns.put("producers", row -> row.stats().producers());
    columns.put("in", row -> row.stats().incoming());
    columns.put("out", row -> row.stats().outgoing());
    columns.put("dead", Row::dead);
    return Collections.unmodifiableMap(columns);
  }
}
