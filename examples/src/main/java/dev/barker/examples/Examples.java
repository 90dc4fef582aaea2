package dev.barker.examples;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs one example by name and prints what it got: {@code hello} ({@link HelloManifold}) or {@code shout} ({@link ShoutExample}). */
public final class Examples {

  private static final Map<String, Function<Vertx, Future<Object>>> EXAMPLES = Map.of(
      "hello", HelloManifold::run,
      "shout", ShoutExample::run);

  private Examples() {
  }

  /** {@code Examples NAME}: runs it on a Vert.x of its own, prints its result, stops. */
  public static void main(String[] args) throws Exception {
    Function<Vertx, Future<Object>> example = args.length == 1 ? EXAMPLES.get(args[0]) : null;
    if (example == null) {
      System.err.println("usage: Examples " + String.join("|", EXAMPLES.keySet()));
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    try {
      System.out.println(args[0] + ": " + example.apply(vertx).await(30, TimeUnit.SECONDS));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
