package dev.barker.launch;

import dev.barker.bizlogic.Bizlogic;
import dev.barker.bizlogic.BizlogicOptions;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code barker bizlogic}: runs Barker's business logic. */
@Command(name = "bizlogic", mixinStandardHelpOptions = true,
    description = "Runs Barker's business logic at //HOST/bizlogic (policy ordered: the first is active, later ones stand by).")
final class BizlogicCommand extends ServiceCommand {

  @Mixin
  private BizlogicOptions options = new BizlogicOptions();

  @Override
  protected Future<? extends Service> start(Vertx vertx) {
    return Bizlogic.start(vertx, options);
  }
}
