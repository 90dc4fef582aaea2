package dev.barker.launch;

import dev.barker.autobark.Autobark;
import dev.barker.autobark.AutobarkOptions;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code barker autobark RATE}: simulated users barking. */
@Command(name = "autobark", mixinStandardHelpOptions = true,
    description = "Makes simulated users bark at RATE barks per second: woofs, quotes, @mentions, #subwoofer.")
final class AutobarkCommand extends ServiceCommand {

  @Mixin
  private AutobarkOptions options = new AutobarkOptions();

  @Override
  protected Future<? extends Service> start(Vertx vertx) {
    return Autobark.start(vertx, options);
  }
}
