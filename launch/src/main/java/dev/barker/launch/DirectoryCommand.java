package dev.barker.launch;

import dev.barker.directory.Directory;
import dev.barker.directory.DirectoryOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code barker directory}: runs the directory service. */
@Command(name = "directory", mixinStandardHelpOptions = true,
    description = "Runs the directory: route registry, redirects and the route stream.")
final class DirectoryCommand extends ServiceCommand {

  @Mixin
  private DirectoryOptions options = new DirectoryOptions();

  @Override
  Future<String> start(Vertx vertx) {
    return Directory.start(vertx, options).map(directory -> "directory " + directory.address() + " on "
        + options.service().host() + ":" + directory.port());
  }
}
