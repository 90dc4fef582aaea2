package dev.barker.bench;

import io.vertx.core.Future;

/** Something messages go through: our manifold, or a broker to compare with. */
interface Target extends AutoCloseable {

  /** How results name it. */
  String name();

  /** Where clients connect (host): everything runs on this machine's loopback. */
  default String host() {
    return "127.0.0.1";
  }

  /** Where clients connect (port). */
  int port();

  /** Where a client of {@code address} connects (port): the instance that serves it. */
  default int port(String address) {
    return port();
  }

  /** The server's process, whose CPU and memory the results report. */
  ServerProcess server();

  /** The link address (and JMS queue name) of the queue or stream called {@code name}. */
  String address(String name);

  /** The address of {@code name} on which every consumer gets every message (a topic). */
  String multicastAddress(String name);

  /** Stops it. */
  Future<Void> stop();

  @Override
  default void close() throws Exception {
    stop().await();
  }
}
