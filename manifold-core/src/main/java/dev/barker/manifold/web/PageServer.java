package dev.barker.manifold.web;

import dev.barker.manifold.Address;
import dev.barker.manifold.engine.Authenticator;
import dev.barker.manifold.engine.Exposure;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.node.SecurityOptions;
import dev.barker.manifold.security.LoginRoute;
import dev.barker.manifold.security.Tokens;
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
  private final String host;
  private final String scheme;

  private PageServer(HttpServer server, String host, String scheme) {
    this.server = server;
    this.host = host;
    this.scheme = scheme;
  }

  /**
   * Listens on {@code host:port} (0: any free port) on the caller's context; {@code routes} may
   * add handlers before the static files (an API, a redirect).
   */
  public static Future<PageServer> start(Vertx vertx, String host, int port, Address directory,
      Handler<Router> routes) {
    return start(vertx, host, port, directory, new SecurityOptions(), new JsonObject(), routes);
  }

  /**
   * As above, secured per {@code security} (loaded): HTTPS with its key store, and with its
   * credentials and token secret a {@code POST /login} that gives pages a token
   * ({@code /config.json} then says {@code login: true}); {@code pageConfig} adds to what
   * {@code /config.json} tells the pages.
   */
  public static Future<PageServer> start(Vertx vertx, String host, int port, Address directory,
      SecurityOptions security, JsonObject pageConfig, Handler<Router> routes) {
    Router router = Router.router(vertx);
    routes.handle(router);
    Authenticator passwords = security.passwords();
    Tokens tokens = security.tokens();
    JsonObject config = pageConfig.copy().put("directory", directory.directory().toString())
        .put("login", passwords != null && tokens != null);
    if (passwords != null && tokens != null) {
      LoginRoute.mount(router, passwords, tokens);
    }
    router.get("/config.json").handler(context -> context.json(config));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port);
    Tls tls = security.tls();
    if (tls != null) {
      tls.applyTo(options);
    }
    HttpServer server = vertx.createHttpServer(options).requestHandler(router);
    return Exposure.check(host, passwords != null && tls != null)
        .compose(safe -> server.listen())
        .recover(error -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + host + ":" + port + " for HTTP: " + error.getMessage(), error)))
        .map(listening -> new PageServer(listening, host, tls == null ? "http" : "https"));
  }

  /** The port listened on. */
  public int port() {
    return server.actualPort();
  }

  /** {@code http://HOST:PORT/} (https with TLS). */
  public String url() {
    return scheme + "://" + host + ":" + port() + "/";
  }

  /** Stops serving. */
  public Future<Void> close() {
    return server.close();
  }
}
