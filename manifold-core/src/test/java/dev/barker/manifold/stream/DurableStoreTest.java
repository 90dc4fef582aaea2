package dev.barker.manifold.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestLoop;
import dev.barker.manifold.engine.MessageCodec;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
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
      List<Future<Boolean>> appended = new ArrayList<>();
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
    assertEquals(MessageCodec.messageIdKey(entry(2, true).bytes()), outbox.get(1).messageIdKey());
    assertArrayEquals(entry(2, true).bytes(), outbox.get(1).bytes());
    assertEquals(1, streams.get("/inbox/rdl").size());
  }

  @Test
  void tenThousandAppendsAreOnDiskOnceTheirFuturesComplete(@TempDir Path crashed) throws Exception {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    long start = System.nanoTime();
    loop.await(() -> {
      List<Future<Boolean>> appended = new ArrayList<>();
      for (int seq = 0; seq < 10_000; seq++) {
        appended.add(store.append("/outbox/ark3", entry(seq, true)));
      }
      return Future.all(appended);
    });
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("durable store: 10000 appends made durable in %d ms%n", millis);
    // what kill -9 leaves behind: the file as it is now, the store still open
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.copy(file, crashed.resolve(file.getFileName()));
      }
    }
    DurableStore recovered = loop.await(() -> DurableStore.open(loop.vertx(), crashed));
    assertEquals(10_000, loop.await(recovered::load).get("/outbox/ark3").size());
    loop.await(recovered::close);
    loop.await(store::close);
  }

  @Test
  void aRecordTornByACrashIsCutOffAndWritingGoesOnAfterTheLastWholeOne() throws Exception {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    loop.await(() -> Future.all(List.of(store.append("/s", entry(0, true)), store.append("/s", entry(1, true)))));
    loop.await(store::close);
    Path journal = directory.resolve("journal-1.log");
    try (FileChannel file = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      file.truncate(file.size() - 3); // what a crash in the middle of writing seq 1 leaves
    }

    DurableStore reopened = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    assertEquals(List.of(0L), loop.await(reopened::load).get("/s").stream().map(Entry::seq).toList());
    loop.await(() -> reopened.append("/s", entry(2, true)));
    loop.await(reopened::close);
    DurableStore again = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    assertEquals(List.of(0L, 2L), loop.await(again::load).get("/s").stream().map(Entry::seq).toList());
    loop.await(again::close);
  }

  @Test
  void aCompactionACrashCutShortLosesNothingThenOrAtTheNextStart() throws Exception {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    loop.await(() -> {
      List<Future<Boolean>> appended = new ArrayList<>();
      for (int seq = 0; seq < 10; seq++) {
        appended.add(store.append("/s", entry(seq, true)));
      }
      return Future.all(appended);
    });
    loop.await(store::close);
    byte[] whole = Files.readAllBytes(directory.resolve("journal-1.log"));
    // the new file of a compaction torn half-way, the old one not yet deleted
    Files.write(directory.resolve("journal-2.log"), Arrays.copyOf(whole, whole.length / 2));

    for (int start = 1; start <= 2; start++) {
      DurableStore reopened = loop.await(() -> DurableStore.open(loop.vertx(), directory));
      assertEquals(LongStream.range(0, 10).boxed().toList(),
          loop.await(reopened::load).get("/s").stream().map(Entry::seq).toList(), "start " + start);
      loop.await(reopened::close);
    }
    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(List.of("journal-3.log"), files.map(file -> file.getFileName().toString()).toList());
    }
  }

  @Test
  void aFileACrashLeftEmptyWhileCreatingItIsTakenAsEmpty() throws Exception {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    loop.await(() -> Future.all(List.of(store.append("/s", entry(0, true)), store.append("/s", entry(1, false)))));
    loop.await(store::close);
    Files.write(directory.resolve("journal-2.log"), new byte[0]); // a compaction's new file, before its header

    DurableStore reopened = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    List<Entry> kept = loop.await(reopened::load).get("/s");
    loop.await(reopened::close);
    assertEquals(List.of(0L, 1L), kept.stream().map(Entry::seq).toList());
    assertEquals(List.of(true, false), kept.stream().map(Entry::isPending).toList());
  }

  @Test
  void appendsAfterCloseAreRefusedNotLost() {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    loop.await(store::close);
    Throwable refused = loop.await(() -> store.append("/s", entry(0, true))
        .transform(appended -> Future.succeededFuture(appended.cause())));
    assertInstanceOf(StoreFailedException.class, refused);
  }

  @Test
  void aDirectoryOfTheEarlierStoreIsRefusedSayingWhatToDo() throws Exception {
    Files.write(directory.resolve("manifold.mv.db"), new byte[16]);
    Throwable refused = loop.await(() -> DurableStore.open(loop.vertx(), directory)
        .transform(opened -> Future.succeededFuture(opened.cause())));
    assertTrue(refused.getMessage().contains("holds a store of an earlier version"), refused.getMessage());
  }

  /**
   * A commit that finishes before its completion handler is attached completes inline; this
   * race is timing-dependent, so three seconds of load catch a regression often, not always.
   */
  @Test
  void appendsCompleteInTheOrderTheyWereMadeWhileHandlersCommitAgain() {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    List<Long> completed = new ArrayList<>();
    long[] next = {0};
    loop.await(() -> Future.<Void>future(done -> {
      long timer = loop.vertx().setPeriodic(1, id -> {
        for (int i = 0; i < 200; i++) {
          long seq = next[0]++;
          store.append("/outbox/ark3", entry(seq, false)).onSuccess(v -> {
            completed.add(seq);
            store.remove("/outbox/ark3", seq); // starts another commit from inside the completions
          });
        }
      });
      loop.vertx().setTimer(3_000, id -> {
        loop.vertx().cancelTimer(timer);
        done.complete();
      });
    }));
    await().until(() -> loop.call(() -> completed.size() == next[0]));
    List<Long> order = loop.call(() -> new ArrayList<>(completed));
    int firstOutOfOrder = 0;
    while (firstOutOfOrder < order.size() && order.get(firstOutOfOrder) == firstOutOfOrder) {
      firstOutOfOrder++;
    }
    assertEquals(order.size(), firstOutOfOrder, "appends completed out of order from position "
        + firstOutOfOrder + " on");
    System.out.printf("durable store: %d appends completed in order%n", completed.size());
    loop.await(store::close);
  }

  @Test
  void fileStaysNearTheSizeOfWhatIsRetained() throws Exception {
    DurableStore store = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    long largest = 0;
    for (int round = 0; round < 80; round++) {
      int first = round * 5_000;
      loop.await(() -> {
        List<Future<Boolean>> appended = new ArrayList<>();
        for (int seq = first; seq < first + 5_000; seq++) {
          appended.add(store.append("/outbox/ark3", entry(seq, true)));
        }
        return Future.all(appended).onSuccess(v -> {
          for (int seq = first; seq < first + 5_000; seq++) {
            store.acknowledge("/outbox/ark3", seq);
            if (seq % 500 != 0) {
              store.remove("/outbox/ark3", seq); // keep 1 in 500, as history would
            }
          }
        });
      });
      largest = Math.max(largest, onDisk(directory));
    }
    loop.await(store::close);
    System.out.printf("durable store: 400000 entries through, 800 kept, file peaked at %d KiB%n", largest >> 10);
    assertTrue(largest < 40L << 20, "the file grew to " + (largest >> 20) + " MiB");
    DurableStore reopened = loop.await(() -> DurableStore.open(loop.vertx(), directory));
    List<Entry> kept = loop.await(reopened::load).get("/outbox/ark3");
    loop.await(reopened::close);
    assertEquals(800, kept.size(), "what was kept outlived the compactions");
    assertTrue(kept.stream().allMatch(entry -> entry.seq() % 500 == 0 && !entry.isPending()));
  }

  private static long onDisk(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      long bytes = 0;
      for (Path file : files.toList()) {
        bytes += Files.size(file);
      }
      return bytes;
    }
  }

  private static Entry entry(long seq, boolean pending) {
    Message message = Message.Factory.create();
    message.setMessageId("id-" + seq);
    message.setBody(new AmqpValue(List.of("ark3", "woof " + seq, "id-" + seq)));
    byte[] bytes = MessageCodec.encode(message);
    return new Entry(seq, bytes, MessageCodec.messageIdKey(bytes), pending, 0);
  }
}
