package dev.barker.manifold.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestLoop;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the engine takes from under Vert.x's public API ({@link NettyChannels}) still works: if a
 * Vert.x upgrade changes its internals, this fails here, naming what broke, rather than the
 * protocol sniffer or the flood defence failing somewhere else.
 */
@Timeout(30)
class NettyChannelsTest {

  private final TestLoop loop = new TestLoop();
  private final List<NetSocket> accepted = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private NetServer server;

  @AfterEach
  void close() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    loop.close();
  }

  @Test
  void aSocketHasAPipelineOfItsOwn() throws IOException {
    listen();
    connect();
    await().until(() -> accepted.size() == 1);
    ChannelPipeline pipeline = loop.call(() -> NettyChannels.pipeline(accepted.get(0)));
    assertNotNull(pipeline.firstContext(), "the pipeline has handlers");
    assertTrue(pipeline.channel().isActive(), "the pipeline is the accepted connection's");
  }

  @Test
  void theListeningChannelStopsAndResumesAccepting() throws Exception {
    NetServer server = listen();
    connect();
    await().until(() -> accepted.size() == 1);
    Channel acceptor = loop.call(() -> NettyChannels.acceptorOf(accepted.get(0)));
    assertEquals(server.actualPort(), ((InetSocketAddress) acceptor.localAddress()).getPort(),
        "the acceptor is the listening channel");

    acceptor.eventLoop().submit(() -> acceptor.config().setAutoRead(false)).sync(); // in effect once this returns
    connect(); // completes in the kernel's backlog; Vert.x must not see it
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> accepted.size() == 1);

    acceptor.config().setAutoRead(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> accepted.size() == 2);
  }

  private NetServer listen() {
    server = loop.await(() -> loop.vertx().createNetServer().connectHandler(accepted::add).listen(0, "127.0.0.1"));
    return server;
  }

  private void connect() throws IOException {
    clients.add(new Socket("127.0.0.1", server.actualPort()));
  }
}
