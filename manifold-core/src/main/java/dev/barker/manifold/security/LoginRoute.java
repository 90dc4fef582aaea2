package dev.barker.manifold.security;

import dev.barker.manifold.engine.Authenticator;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /login} with {@code {"user": ..., "password": ...}}: checks the password and
 * answers {@code {"user": ..., "token": ..., "expiresIn": seconds}}, or 401 saying nothing more
 * than that the login failed. Pages then use the token as their AMQP password.
 */
public final class LoginRoute {

  private static final int MAX_BODY = 4_096;

  private LoginRoute() {
  }

  /** Adds the route to {@code router}. */
  public static void mount(Router router, Authenticator passwords, Tokens tokens) {
    router.post("/login").handler(BodyHandler.create().setBodyLimit(MAX_BODY))
        .handler(context -> login(context, passwords, tokens));
  }

  private static void login(RoutingContext context, Authenticator passwords, Tokens tokens) {
    JsonObject body;
    try {
      body = context.body().asJsonObject();
    } catch (RuntimeException notJson) {
      body = null;
    }
    String user = body == null ? null : body.getString("user");
    String password = body == null ? null : body.getString("password");
    if (user == null || password == null) {
      context.response().setStatusCode(400).end("send {\"user\": ..., \"password\": ...} as JSON");
      return;
    }
    passwords.authenticate(user, password).onComplete(checked -> {
      if (checked.failed()) {
        context.response().setStatusCode(401).end("wrong user or password");
        return;
      }
      context.json(new JsonObject().put("user", user).put("token", tokens.issue(checked.result()))
          .put("expiresIn", Tokens.LIFETIME.toSeconds()));
    });
  }
}
