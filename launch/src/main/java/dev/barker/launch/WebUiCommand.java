package dev.barker.launch;

import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceCommand;
import dev.barker.webui.WebUi;
import dev.barker.webui.WebUiOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code barker webui}: the Barker page. */
@Command(name = "webui", mixinStandardHelpOptions = true,
    description = "Serves the Barker page; the browser then speaks AMQP over WebSocket to the directory and manifolds itself.")
final class WebUiCommand extends ServiceCommand {

  @Mixin
  private WebUiOptions options = new WebUiOptions();

  @Override
  protected Future<? extends Service> start(Vertx vertx) {
    return WebUi.start(vertx, options);
  }
}
