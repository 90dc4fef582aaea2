package dev.barker.webui;

import dev.barker.manifold.web.PageServer;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Barker web server: the page (index.html, barker.js) and {@code /users.json}. It carries no
 * barks: the page links to the directory and the manifolds itself, AMQP over WebSocket.
 */
public final class WebUi extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);

  private final WebUiOptions options;
  private volatile Users users;
  private PageServer pages;

  private WebUi(WebUiOptions options) {
    this.options = options;
  }

  /** Starts the web server on its own event loop. */
  public static Future<WebUi> start(Vertx vertx, WebUiOptions options) {
    WebUi webUi = new WebUi(options);
    return vertx.deployVerticle(webUi).map(id -> webUi);
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> UsersFile.loadOrCreate(options.barker().data()))
        .compose(loaded -> {
          users = loaded;
          UsersFile.watch(vertx, options.barker().data(), reloaded -> users = reloaded);
          return PageServer.start(vertx, options.host(), options.port(), options.barker().directory(), options.security(),
              router -> {
                router.get("/users.json").handler(context -> context.json(usersJson()));
                router.get("/monitoring").handler(context -> context.redirect(options.dashboard()));
              });
        })
        .onSuccess(started -> {
          pages = started;
          LOG.info("Barker page at {}", url());
        });
  }

  @Override
  public Future<?> stop() {
    return pages == null ? Future.succeededFuture() : pages.close();
  }

  /** The page's URL. */
  public String url() {
    return (options.security().tls() != null ? "https://" : "http://") + hostPort() + "/";
  }

  /** {@code host:port} of the web server. */
  public String hostPort() {
    return options.host() + ":" + pages.port();
  }

  /** Stops the web server. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentID());
  }

  private JsonObject usersJson() {
    return new JsonObject()
        .put("users", new JsonArray(new ArrayList<>(users.names())))
        .put("humans", new JsonArray(Users.HUMANS));
  }
}
