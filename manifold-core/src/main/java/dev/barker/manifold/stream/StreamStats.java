package dev.barker.manifold.stream;

/**
 * A stream's figures at one moment, as a console lists them: messages and bytes held, push backlog
 * and the age of its oldest message (ms), subscribers and how far the slowest is behind, producers,
 * messages in and out so far, the push target instance and what it has in flight.
 */
public record StreamStats(String name, int messages, long bytes, int backlog, long oldestPendingAgeMillis,
    int subscribers, long slowestLag, int producers, long incoming, long outgoing, String pushedTo, int pushInFlight) {
}
