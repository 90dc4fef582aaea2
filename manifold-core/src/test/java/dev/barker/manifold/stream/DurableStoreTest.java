package dev.barker.manifold.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestLoop;
import dev.barker.manifold.engine.MessageCodec;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStoreTest {

  private final TestLoop loop = new TestLoop();

  @TempDir
  Path directory;

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  void keepsAppendedEntriesWithTheirPushStateAcrossReopening() {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    loop.await(() -> {
      List<Future<Void>> appended = new ArrayList<>();
      for (int seq = 0; seq < 5; seq++) {
        appended.add(store.append("/outbox/ark3", entry(seq, true)));
      }
      appended.add(store.append("/inbox/rdl", entry(0, false)));
      return Future.all(appended);
    });
    loop.run(() -> {
      store.acknowledge("/outbox/ark3", 0);
      store.acknowledge("/outbox/ark3", 1);
      store.remove("/outbox/ark3", 0);
    });
    loop.await(store::close);

    DurableStore reopened = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    Map<String, List<Entry>> streams = loop.await(reopened::load);
    loop.await(reopened::close);

    List<Entry> outbox = streams.get("/outbox/ark3");
    assertEquals(List.of(1L, 2L, 3L, 4L), outbox.stream().map(Entry::seq).toList());
    assertFalse(outbox.get(0).isPending(), "seq 1 was acknowledged");
    assertTrue(outbox.get(1).isPending());
    assertEquals("id-2", outbox.get(1).messageId());
    assertArrayEquals(entry(2, true).bytes(), outbox.get(1).bytes());
    assertEquals(1, streams.get("/inbox/rdl").size());
  }

  @Test
  void tenThousandAppendsAreAllDurableOnceTheirFuturesComplete() {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    long start = System.nanoTime();
    loop.await(() -> {
      List<Future<Void>> appended = new ArrayList<>();
      for (int seq = 0; seq < 10_000; seq++) {
        appended.add(store.append("/outbox/ark3", entry(seq, true)));
      }
      return Future.all(appended);
    });
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("durable store: 10000 appends made durable in %d ms%n", millis);
    assertEquals(10_000, loop.await(store::load).get("/outbox/ark3").size());
    loop.await(store::close);
  }

  private static Entry entry(long seq, boolean pending) {
    Message message = Message.Factory.create();
    message.setMessageId("id-" + seq);
    message.setBody(new AmqpValue(List.of("ark3", "woof " + seq, "id-" + seq)));
    return new Entry(seq, MessageCodec.encode(message), "id-" + seq, pending, 0);
  }
}
