package dev.barker.manifold.node;

import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.stream.Stream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The largest of the streams offered, by push backlog, then messages held, at most a given number:
 * one pass over any number of streams, keeping only those.
 */
final class TopStreams {

  private static final Comparator<Stream> SIZE = Comparator.comparingInt(Stream::backlogSize)
      .thenComparingInt(Stream::depth).thenComparing(Stream::name, Comparator.reverseOrder());

  private final int limit;
  private final PriorityQueue<Stream> smallestFirst = new PriorityQueue<>(SIZE);

  TopStreams(int limit) {
    this.limit = limit;
  }

  /** Keeps {@code stream} if it is among the largest so far; empty streams never are. */
  void offer(Stream stream) {
    if (limit <= 0 || stream.depth() == 0 && stream.backlogSize() == 0) {
      return;
    }
    if (smallestFirst.size() < limit) {
      smallestFirst.add(stream);
    } else if (SIZE.compare(stream, smallestFirst.peek()) > 0) {
      smallestFirst.poll();
      smallestFirst.add(stream);
    }
  }

  /** The kept streams, largest first, as an agent report carries them. */
  List<Map<String, Object>> toReport() {
    List<Stream> largestFirst = new ArrayList<>(smallestFirst);
    largestFirst.sort(SIZE.reversed());
    return largestFirst.stream().map(stream -> Map.<String, Object>of(AgentReport.TOP_STREAM_NAME, stream.name(),
        AgentReport.TOP_STREAM_MESSAGES, stream.depth(), AgentReport.TOP_STREAM_BACKLOG, stream.backlogSize())).toList();
  }
}
