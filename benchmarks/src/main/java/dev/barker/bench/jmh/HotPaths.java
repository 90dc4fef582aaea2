package dev.barker.bench.jmh;

import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.agent.Meter;
import dev.barker.manifold.directory.ConsistentPolicy;
import dev.barker.manifold.engine.MemoryBudget;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.stream.Entry;
import dev.barker.manifold.stream.MemoryStore;
import dev.barker.manifold.stream.Stream;
import dev.barker.manifold.stream.StreamLimits;
import dev.barker.model.Bark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Micro-benchmarks of what every message pays: reading its message-id key (the manifold, for
 * dedupe), a full decode (what it avoids), encoding a bark, a stream's append, push and
 * acknowledgement (in memory), and a consistent-hashing choice (the directory, per link). Run: {@code java -cp benchmarks/target/barker-bench.jar org.openjdk.jmh.Main HotPaths}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPaths {

  private static final int DISTINCT_BARKS = 4096; // more than the dedupe window: none is a duplicate

  private byte[] encodedBark;
  private final byte[][] distinctBarks = new byte[DISTINCT_BARKS][];
  private final Stream stream = new Stream("/outbox/rex", new StreamLimits(0, 10_000, 1_000, 10_000, 100,
      Long.MAX_VALUE, Long.MAX_VALUE), true, new MemoryStore(), new Meter(), new MemoryBudget(Long.MAX_VALUE));
  private Bark bark;
  private final ConsistentPolicy consistent = new ConsistentPolicy();
  private final List<RouteTarget> targets = new ArrayList<>();
  private int next;

  @Setup
  public void setUp() {
    bark = new Bark("rex", "woof woof arf @luna #subwoofer", "rex-3k2j1-42");
    encodedBark = MessageCodec.encode(bark.toMessage());
    for (int i = 0; i < DISTINCT_BARKS; i++) {
      distinctBarks[i] = MessageCodec.encode(new Bark("rex", "woof woof arf", "rex-" + i).toMessage());
    }
    for (int i = 0; i < 3; i++) {
      targets.add(RouteTarget.of("127.0.0.1", 5800 + i));
    }
  }

  /** What the manifold does with every message it stores. */
  @Benchmark
  public long messageIdKey() {
    return MessageCodec.messageIdKey(encodedBark);
  }

  /** What it would cost to decode the whole message instead. */
  @Benchmark
  public Object fullDecode() {
    return MessageCodec.decode(encodedBark).getMessageId();
  }

  /** What a producer pays per bark. */
  @Benchmark
  public byte[] encodeBark() {
    return MessageCodec.encode(bark.toMessage());
  }

  /** What a pushing manifold does per message, without the network: store, hand out, settle. */
  @Benchmark
  public Entry streamAppendPushAcknowledge() {
    stream.append(distinctBarks[next++ & (DISTINCT_BARKS - 1)]);
    Entry entry = stream.backlog().next();
    stream.backlog().acknowledge(entry);
    return entry;
  }

  /** What the directory pays per link to a consistent route of three instances. */
  @Benchmark
  public void consistentChoice(Blackhole blackhole) {
    blackhole.consume(consistent.choose("/inbox/user" + (next++ & 1023), targets));
  }
}
