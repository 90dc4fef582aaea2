package dev.barker.manifold;

import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Sender;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.node.ServiceOptions;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/**
 * An in-process network for tests: a directory on an ephemeral port, plus the manifolds and
 * services a test starts, and a client {@link Linker}; {@link #close()} stops all of it.
 */
public final class TestNetwork implements AutoCloseable {

  private final TestLoop loop = new TestLoop();
  private final Directory directory;
  private final List<AutoCloseable> services = new ArrayList<>();
  private final Linker client;

  /** Starts the directory. */
  public TestNetwork() {
    directory = loop.await(() -> Directory.start(loop.vertx(), new ServiceOptions(0)));
    client = loop.call(() -> new Linker(loop.vertx()));
  }

  /** The loop the directory, the manifolds and the client run on. */
  public TestLoop loop() {
    return loop;
  }

  /** The directory. */
  public Directory directory() {
    return directory;
  }

  /** {@code path} under the directory, e.g. {@code //127.0.0.1:41234/inbox}. */
  public Address address(String path) {
    return directory.address().withPath(path);
  }

  /** Starts a manifold and waits until its routes are registered. */
  public Manifold manifold(ManifoldOptions options) {
    Manifold manifold = loop.await(() -> Manifold.start(loop.vertx(), options));
    loop.await(manifold::registered);
    return manifold;
  }

  /** Options for a manifold serving {@code path}, on a free port. */
  public ManifoldOptions manifoldOptions(String path) {
    return new ManifoldOptions(address(path).toString());
  }

  /** Starts a test service (on its own Vert.x) registered for {@code path} with {@code policy}. */
  public TestService service(String name, String path, String policy, TestService.Outcome outcome) {
    TestService service = TestService.start(name, directory.address(), address(path).toString(), policy, outcome);
    services.add(service);
    return service;
  }

  /** A client linker on the network's loop. */
  public Linker client() {
    return client;
  }

  /** Receives from {@code address}, accepting everything; the list fills with the bodies. */
  public List<String> subscribe(Address address) {
    List<String> bodies = new CopyOnWriteArrayList<>();
    loop.call(() -> client.receiver(address, delivery -> {
      bodies.add(String.valueOf(((AmqpValue) delivery.message().getBody()).getValue()));
      delivery.accept();
    }));
    return bodies;
  }

  /** Receives the reports of the agent at {@code agent}; the list fills with them, one a second. */
  public List<Map<String, Object>> reports(Address agent) {
    List<Map<String, Object>> reports = new CopyOnWriteArrayList<>();
    loop.call(() -> client.receiver(agent, delivery -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> report = (Map<String, Object>) ((AmqpValue) delivery.message().getBody()).getValue();
      reports.add(report);
      delivery.accept();
    }));
    return reports;
  }

  /**
   * Sends {@code count} messages {@code prefix0..} to {@code address} as fast as the sender lets
   * it (waiting whenever it is full, as a well-behaved producer does); the counter counts
   * acceptances.
   */
  public AtomicInteger produce(Address address, String prefix, int count) {
    AtomicInteger accepted = new AtomicInteger();
    loop.run(() -> produce(client.sender(address), prefix, 0, count, accepted));
    return accepted;
  }

  /**
   * Sends {@code perSecond} messages a second to {@code address} (prefix0, prefix1, ...) until the
   * returned handle is closed; the counter counts acceptances.
   */
  public AutoCloseable produceSteadily(Address address, String prefix, int perSecond, AtomicInteger accepted) {
    long[] sent = {0};
    long start = System.nanoTime();
    long timer = loop.call(() -> loop.vertx().setPeriodic(10, id -> {
      Sender sender = client.sender(address);
      long due = perSecond * (System.nanoTime() - start) / 1_000_000_000L - sent[0];
      for (long i = 0; i < due; i++) {
        sender.send(message(prefix + sent[0]++)).onSuccess(v -> accepted.incrementAndGet());
      }
    }));
    return () -> loop.run(() -> loop.vertx().cancelTimer(timer));
  }

  private static void produce(Sender sender, String prefix, int next, int count, AtomicInteger accepted) {
    int i = next;
    while (i < count && !sender.isFull()) {
      sender.send(message(prefix + i++)).onSuccess(v -> accepted.incrementAndGet());
    }
    if (i < count) {
      int resumeAt = i;
      sender.ready().onSuccess(v -> produce(sender, prefix, resumeAt, count, accepted));
    }
  }

  /** Sends each body to {@code address} as a message whose message-id is the body. */
  public List<Future<Void>> send(Address address, List<String> bodies) {
    return loop.call(() -> {
      Sender sender = client.sender(address);
      List<Future<Void>> sent = new ArrayList<>();
      for (String body : bodies) {
        sent.add(sender.send(message(body)));
      }
      return sent;
    });
  }

  /** A message with {@code body} as its value and its message-id. */
  public static Message message(String body) {
    Message message = Message.Factory.create();
    message.setMessageId(body);
    message.setBody(new AmqpValue(body));
    return message;
  }

  /** Bodies {@code prefix0 .. prefix(count-1)}. */
  public static List<String> bodies(String prefix, int count) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bodies.add(prefix + i);
    }
    return bodies;
  }

  @Override
  public void close() {
    for (AutoCloseable service : services) {
      try {
        service.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not stop " + service, e);
      }
    }
    loop.close();
  }
}
