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
 */
public record StreamLimits(int history, int maxBacklog, int dedupeWindow, long stalledSubscriberMillis) {
}
