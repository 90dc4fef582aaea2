package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.Prerequisite;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Sender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable manifold on a disk that fills up: it refuses (releases) what it cannot write, keeps
 * everything it accepted, says so in its report, and takes messages again by itself once space is
 * back. The disk is an 8 MiB tmpfs the test mounts (as root; skipped with a message otherwise).
 */
@Timeout(120)
class StoreFailureTest {

  private static final int AFTER_RECOVERY = 50;
  private static final byte[] KILOBYTE = new byte[1024];

  @TempDir
  Path dir;
  private Path disk;
  private TestNetwork network;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = dir.resolve("disk");
    Files.createDirectories(disk);
    Prerequisite.assume(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.toString()) == 0,
        "cannot mount a tmpfs (needs root): the disk-full test needs one");
    network = new TestNetwork();
  }

  @AfterEach
  void unmount() throws Exception {
    if (network != null) {
      network.close();
    }
    run("umount", disk.toString());
  }

  @Test
  void aFullDiskIsRefusedCleanlyLosesNothingAcceptedAndRecoversByItself() throws Exception {
    Path filler = disk.resolve("filler");
    Files.write(filler, new byte[7 * 1024 * 1024]); // most of the disk: freed later, as an operator would
    Manifold manifold = network.manifold(network.manifoldOptions("/store").store(disk.resolve("store"))
        .history(100_000).historyBytes(64L << 20)); // keeps all it accepts, so that the subscriber can check
    List<Map<String, Object>> reports = network.reports(manifold.agentAddress());
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    List<String> released = new CopyOnWriteArrayList<>();
    List<Throwable> otherwise = new CopyOnWriteArrayList<>();
    Sender sender = network.loop().call(() -> network.client().sender(network.address("/store/s")));
    network.loop().run(() -> sendUntilAccepted(sender, 0, stop, accepted, released, otherwise));

    await().atMost(Duration.ofSeconds(60)).until(() -> !released.isEmpty());
    await().until(() -> reports.stream().anyMatch(report -> report.containsKey(AgentReport.MANIFOLD_STORE_FAILURE)));
    String failure = String.valueOf(reports.stream().filter(r -> r.containsKey(AgentReport.MANIFOLD_STORE_FAILURE))
        .findFirst().orElseThrow().get(AgentReport.MANIFOLD_STORE_FAILURE));
    assertTrue(failure.startsWith("cannot write ") && !failure.contains("\n"), failure);
    HttpResponse<String> ready = readiness(manifold);
    assertEquals(503, ready.statusCode(), "not ready while its store cannot write");
    assertTrue(ready.body().contains("its store cannot write: cannot write "), ready.body());
    int acceptedWhenFull = accepted.size();
    System.out.printf("disk full after %d accepted: %s%n", acceptedWhenFull, failure);

    Files.delete(filler);
    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= acceptedWhenFull + AFTER_RECOVERY);
    stop.set(true);
    await().until(() -> !reports.get(reports.size() - 1).containsKey(AgentReport.MANIFOLD_STORE_FAILURE));
    assertEquals(200, readiness(manifold).statusCode(), "ready again");
    assertEquals(List.of(), otherwise, "every refusal was a release, nothing else");

    List<String> stored = new CopyOnWriteArrayList<>();
    network.loop().call(() -> network.client().receiver(network.address("/store/s"), delivery -> {
      stored.add(String.valueOf(delivery.message().getMessageId()));
      delivery.accept();
    }));
    await().untilAsserted(() -> assertEquals(Set.of(), missing(accepted, stored), "accepted, not kept"));
    assertEquals(stored.size(), Set.copyOf(stored).size(), "everything accepted is kept, once");
    System.out.printf("recovered: %d released and sent again, all %d accepted kept%n", released.size(), accepted.size());
  }

  private static Set<String> missing(Set<String> accepted, List<String> stored) {
    Set<String> missing = new TreeSet<>(accepted);
    stored.forEach(missing::remove);
    return missing;
  }

  private static HttpResponse<String> readiness(Manifold manifold) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + manifold.port()
        + HealthEndpoints.READY)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends message {@code i}, and on to the next once it is accepted, until {@code stop}; a
   * released one goes again after a pause.
   */
  private void sendUntilAccepted(Sender sender, int i, AtomicBoolean stop, Set<String> accepted,
      List<String> released, List<Throwable> otherwise) {
    if (stop.get()) {
      return;
    }
    Message message = Message.Factory.create();
    message.setMessageId("m" + i);
    message.setBody(new Data(new Binary(KILOBYTE)));
    sender.send(message).onComplete(sent -> {
      if (sent.succeeded()) {
        accepted.add("m" + i);
        sendUntilAccepted(sender, i + 1, stop, accepted, released, otherwise);
      } else if (sent.cause() instanceof DeliveryException refused
          && refused.outcome() == DeliveryException.Outcome.RELEASED) {
        released.add("m" + i);
        network.loop().vertx().setTimer(200, id -> sendUntilAccepted(sender, i, stop, accepted, released, otherwise));
      } else {
        otherwise.add(sent.cause());
      }
    });
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }
}
