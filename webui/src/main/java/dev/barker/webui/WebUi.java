package dev.barker.webui;

import dev.barker.manifold.Address;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.web.PageServer;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Barker web server: the page (index.html, barker.js) and {@code /users.json}. It carries no
 * barks: the page links to the directory and the manifolds itself, AMQP over WebSocket. Its AMQP
 * listener serves only its agent.
 */
public final class WebUi extends Service {

  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);

  private final WebUiOptions options;
  private volatile Users users;
  private PageServer pages;

  private WebUi(WebUiOptions options) {
    super("webui", options.service(), options.barker().directory());
    this.options = options;
  }

  /** Starts the web server on its own event loop. */
  public static Future<WebUi> start(Vertx vertx, WebUiOptions options) {
    return deploy(vertx, new WebUi(options));
  }

  /** {@code //HOST/webui}: what its agent reports it as (no route is registered for it). */
  @Override
  public Address address() {
    return directory().withPath("/webui");
  }

  @Override
  protected Future<?> onStart() {
    return vertx.executeBlocking(() -> UsersFile.loadOrCreate(options.barker().data()))
        .compose(loaded -> {
          users = loaded;
          UsersFile.watch(vertx, options.barker().data(), reloaded -> users = reloaded);
          return PageServer.start(vertx, host(), options.httpPort(), directory(), options.service().security(),
              new JsonObject(),
              router -> {
                router.get("/users.json").handler(context -> context.json(usersJson()));
                router.get("/monitoring").handler(context -> {
                  if (options.dashboard() == null) {
                    context.response().setStatusCode(404).end("no dashboard was given to this web server (--dashboard URL)");
                  } else {
                    context.redirect(options.dashboard());
                  }
                });
              });
        })
        .onSuccess(started -> {
          pages = started;
          LOG.info("Barker page at {}", url());
        });
  }

  @Override
  protected Future<?> onStop() {
    return pages == null ? Future.succeededFuture() : pages.close();
  }

  /** {@code webui URL on HOST:HTTP-PORT}: where people open the page. */
  @Override
  public String description() {
    return "webui " + url() + " on " + hostPort();
  }

  /** The page's URL. */
  public String url() {
    return pages.url();
  }

  /** {@code host:port} of the web server. */
  public String hostPort() {
    return host() + ":" + pages.port();
  }

  private JsonObject usersJson() {
    return new JsonObject()
        .put("users", new JsonArray(new ArrayList<>(users.names())))
        .put("humans", new JsonArray(Users.HUMANS));
  }
}
