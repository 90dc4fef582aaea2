package dev.barker.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's examples, run as written against the real directory and manifold they start. */
@Timeout(60)
class ExamplesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void helloManifoldMakesItsRoundTrip() throws Exception {
    assertEquals("hello, manifold", HelloManifold.run(vertx).await(30, TimeUnit.SECONDS));
  }

  @Test
  void theShoutServiceForwardsWhatItIsSentUpperCased() throws Exception {
    assertEquals("WOOF, SAID ADA", ShoutExample.run(vertx).await(30, TimeUnit.SECONDS));
  }
}
