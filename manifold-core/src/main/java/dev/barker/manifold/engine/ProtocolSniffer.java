package dev.barker.manifold.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one TCP port speak plain AMQP and AMQP over WebSocket (OASIS binding: subprotocol
 * {@code amqp}, binary frames). It looks at the first four bytes of a connection: {@code GET }
 * turns the pipeline into a WebSocket server whose binary frames reach Vert.x as plain bytes;
 * anything else (normally {@code AMQP}) goes through untouched. Either way the socket's data handler
 * sees the AMQP byte stream, so one engine path serves both.
 *
 * <p>Reaches the Netty pipeline through {@link NettyChannels}: Vert.x has no public hook in front of
 * its HTTP server, and an HTTP server cannot share a port with a NetServer.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ProtocolSniffer.class);
  static final String SUBPROTOCOL = "amqp";
  private static final String VERTX_HANDLER = "handler";
  private static final int MAX_HANDSHAKE_BYTES = 8 * 1024;

  private final int maxFrameSize;
  private final List<String> allowedOrigins;
  private final HttpGetHandler plainGets;

  private ProtocolSniffer(EngineOptions options) {
    this.maxFrameSize = options.maxWebSocketFrameSize();
    this.allowedOrigins = options.allowedOrigins();
    this.plainGets = options.httpGetHandler();
  }

  /** Installs the sniffer in front of Vert.x's handler; call from the NetServer connect handler. */
  static void install(NetSocket socket, EngineOptions options) {
    ChannelPipeline pipeline = NettyChannels.pipeline(socket);
    pipeline.addBefore(VERTX_HANDLER, "protocol-sniffer", new ProtocolSniffer(options));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    String first = in.toString(in.readerIndex(), 4, StandardCharsets.US_ASCII);
    ChannelPipeline pipeline = ctx.pipeline();
    if (first.equals("GET ")) {
      WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
          .websocketPath("/")
          .checkStartsWith(true)
          .subprotocols(SUBPROTOCOL)
          .maxFramePayloadLength(maxFrameSize)
          .build();
      pipeline.addBefore(VERTX_HANDLER, "http-codec", new HttpServerCodec());
      pipeline.addBefore(VERTX_HANDLER, "http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
      pipeline.addBefore(VERTX_HANDLER, "ws-upgrade-check", new UpgradeCheck(allowedOrigins, plainGets));
      pipeline.addBefore(VERTX_HANDLER, "ws-protocol", new WebSocketServerProtocolHandler(config));
      pipeline.addBefore(VERTX_HANDLER, "ws-bytes", new WebSocketBytes(maxFrameSize));
    }
    pipeline.remove(this); // hands the bytes read so far to the next handler
  }

  /**
   * Answers a plain GET with the listener's {@link HttpGetHandler}, and refuses an upgrade Netty
   * would otherwise complete: one that does not offer the {@code amqp} subprotocol (HTTP 400), or
   * one from a web page whose origin is not allowed (HTTP 403).
   */
  private static final class UpgradeCheck extends ChannelInboundHandlerAdapter {
    private final List<String> allowedOrigins;
    private final HttpGetHandler plainGets;

    UpgradeCheck(List<String> allowedOrigins, HttpGetHandler plainGets) {
      this.allowedOrigins = allowedOrigins;
      this.plainGets = plainGets;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (plainGets != null && !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
          ReferenceCountUtil.release(msg);
          answer(ctx, request);
          return;
        }
        if (!offersAmqp(request)) {
          ReferenceCountUtil.release(msg);
          refuse(ctx, HttpResponseStatus.BAD_REQUEST, "AMQP over WebSocket needs the '" + SUBPROTOCOL
              + "' subprotocol (Sec-WebSocket-Protocol: amqp)");
          return;
        }
        if (origin != null && !isAllowed(origin, request.headers().get(HttpHeaderNames.HOST, ""))) {
          ReferenceCountUtil.release(msg);
          refuse(ctx, HttpResponseStatus.FORBIDDEN, "pages from origin " + origin
              + " may not connect here (allowed: " + (allowedOrigins.isEmpty() ? "this host only" : allowedOrigins)
              + "; see --allowed-origin)");
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }

    private boolean isAllowed(String origin, String hostHeader) {
      if (allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
        return true;
      }
      String pageHost = hostOf(origin);
      String ourHost = hostOf("//" + hostHeader);
      return allowedOrigins.isEmpty() && (pageHost.equalsIgnoreCase(ourHost) || isLoopback(pageHost) && isLoopback(ourHost));
    }

    /** localhost, 127.x and ::1 are one machine: a page from one may reach a service named by another. */
    private static boolean isLoopback(String host) {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
    }

    /** The host of {@code scheme://host:port} or {@code //host:port}, without the port. */
    private static String hostOf(String url) {
      String authority = url.substring(url.indexOf("//") + 2);
      int end = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
      return end <= 0 ? authority.replaceAll("/.*", "") : authority.substring(0, end);
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = request.uri().replaceFirst("[?#].*", "");
      HttpGetHandler.Response response;
      try {
        response = plainGets.get(path, request.headers().get(HttpHeaderNames.ACCEPT));
      } catch (RuntimeException e) {
        LOG.warn("GET {} failed", path, e);
        refuse(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "GET " + path + " failed; see the service's log");
        return;
      }
      if (response == null) {
        refuse(ctx, HttpResponseStatus.NOT_FOUND, "no " + path + " here: this port speaks AMQP (and AMQP over "
            + "WebSocket); plain HTTP GETs are for /health/live, /health/ready and /metrics");
      } else {
        send(ctx, HttpResponseStatus.valueOf(response.status()), response.contentType(), response.body());
      }
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
      send(ctx, status, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8", (reason + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, byte[] body) {
      DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.wrappedBuffer(body));
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, contentType)
          .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean offersAmqp(FullHttpRequest request) {
      String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
      for (String protocol : offered.split(",")) {
        if (protocol.trim().toLowerCase(Locale.ROOT).equals(SUBPROTOCOL)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Binary frames in, bytes out; bytes written by Vert.x go out as binary frames of bounded size. */
  private static final class WebSocketBytes extends MessageToMessageCodec<Object, ByteBuf> {
    private final int maxFrameSize;

    WebSocketBytes(int maxFrameSize) {
      this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
      if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
        out.add(((WebSocketFrame) msg).content().retain());
      } else if (msg instanceof WebSocketFrame) {
        ctx.writeAndFlush(new CloseWebSocketFrame(
                WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "AMQP needs binary frames"))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
      while (msg.readableBytes() > maxFrameSize) {
        out.add(new BinaryWebSocketFrame(msg.readRetainedSlice(maxFrameSize)));
      }
      out.add(new BinaryWebSocketFrame(msg.retain()));
    }
  }
}
