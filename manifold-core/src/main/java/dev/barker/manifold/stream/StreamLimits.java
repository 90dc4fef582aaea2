package dev.barker.manifold.stream;

/**
 * What a stream may hold.
 *
 * @param history entries kept for new subscribers
 * @param maxBacklog entries awaiting the push target's outcome before producers get no more
 *     credit; also how far a subscriber may lag before it skips ahead
 * @param dedupeWindow recent message-ids remembered to drop redelivered copies
 */
public record StreamLimits(int history, int maxBacklog, int dedupeWindow) {
}
