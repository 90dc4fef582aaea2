package dev.barker.manifold.web;

import dev.barker.manifold.Address;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves pages whose script speaks AMQP itself: everything under {@code webroot/} on the classpath,
 * including the browser client ({@code /manifold/manifold.js} on top of {@code /vendor/rhea/rhea-umd.js}),
 * and {@code /config.json}, which tells a page where its directory is. The page then links straight
 * to the directory and to whatever it redirects to, over WebSocket; no proxy sits in between.
 */
public final class PageServer {

  private final HttpServer server;

  private PageServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Listens on {@code host:port} (0: any free port) on the caller's context; {@code routes} may
   * add handlers before the static files (an API, a redirect).
   */
  public static Future<PageServer> start(Vertx vertx, String host, int port, Address directory,
      Handler<Router> routes) {
    Router router = Router.router(vertx);
    routes.handle(router);
    JsonObject config = new JsonObject().put("directory", directory.directory().toString());
    router.get("/config.json").handler(context -> context.json(config));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router);
    return server.listen()
        .recover(error -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + host + ":" + port + " for HTTP: " + error.getMessage(), error)))
        .map(listening -> new PageServer(listening));
  }

  /** The port listened on. */
  public int port() {
    return server.actualPort();
  }

  /** Stops serving. */
  public Future<Void> close() {
    return server.close();
  }
}
