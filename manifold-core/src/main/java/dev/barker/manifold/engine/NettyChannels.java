package dev.barker.manifold.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * The one place that reaches under Vert.x to Netty, through Vert.x's internal
 * {@link NetSocketInternal} (Vert.x 5 has no public route to a socket's pipeline, nor a way to
 * stop a server accepting): the pipeline of a connection, for the protocol sniffer, and the
 * listening channel, to stop accepting for a moment under a flood. {@code NettyChannelsTest}
 * fails loudly if a Vert.x upgrade takes either away.
 */
final class NettyChannels {

  private NettyChannels() {
  }

  /** The Netty pipeline of {@code socket}. */
  static ChannelPipeline pipeline(NetSocket socket) {
    return ((NetSocketInternal) socket).channelHandlerContext().pipeline();
  }

  /**
   * The listening channel that accepted {@code socket}: with its auto-read off it accepts no
   * more, and connections wait in the kernel's backlog (or are refused there), costing us nothing.
   */
  static Channel acceptorOf(NetSocket socket) {
    Channel parent = ((NetSocketInternal) socket).channelHandlerContext().channel().parent();
    if (parent == null) {
      throw new IllegalStateException("the socket " + socket.remoteAddress() + " has no listening channel");
    }
    return parent;
  }
}
