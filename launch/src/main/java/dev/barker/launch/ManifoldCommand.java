package dev.barker.launch;

import dev.barker.manifold.node.ManifoldLoops;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code barker manifold}: runs a store-and-forward manifold. */
@Command(name = "manifold", mixinStandardHelpOptions = true,
    description = "Runs a manifold: one ordered stream per sub-address of ADDRESS, with history, push and backpressure.")
final class ManifoldCommand extends ServiceCommand {

  @Mixin
  private ManifoldOptions options = new ManifoldOptions(null);

  /** Every instance, registered; the ready line names the first (on --port), the log each. */
  @Override
  protected Future<? extends Service> start(Vertx vertx) {
    return ManifoldLoops.start(vertx, options).compose(loops -> Future.all(loops.stream().skip(1)
        .map(Service::registered).toList()).map(registered -> loops.get(0)));
  }

  @Override
  protected int eventLoops() {
    return options.eventLoops();
  }
}
