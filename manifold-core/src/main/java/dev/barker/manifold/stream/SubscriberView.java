package dev.barker.manifold.stream;

/** A subscriber as a console shows it: its peer, its login (null without), since when, how far behind, its credit. */
public record SubscriberView(String peer, String user, long attachedAtMillis, long lag, int credit) {
}
