package dev.barker.manifold.stream;

/**
 * What a stream may hold.
 *
 * @param history entries kept for new subscribers
 * @param maxBacklog entries awaiting the push target's outcome, or owed to the slowest subscriber,
 *     before producers get no more credit
 * @param dedupeWindow recent message-ids remembered to drop redelivered copies
 * @param stalledSubscriberMillis how long a subscriber owed at least half of {@code maxBacklog} may
 *     take nothing before it is detached
 * @param producerWindow credit each producer link is kept at (topped up when half is used): enough
 *     to cover the time an append takes to be stored, so a producer need not wait between batches
 * @param historyBytes bytes of history kept at most, whatever {@code history} allows
 * @param maxBytes bytes the stream may hold (history, backlog, what subscribers are owed) before
 *     producers get no more credit
 */
public record StreamLimits(int history, int maxBacklog, int dedupeWindow, long stalledSubscriberMillis,
    int producerWindow, long historyBytes, long maxBytes) {
}
