package dev.barker.directory;

import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.DirectoryOptions;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/**
 * {@code barker directory}, and a program of its own for deployments that want only a directory:
 * {@code java -cp ... dev.barker.directory.DirectoryCommand --port 5672}.
 */
@Command(name = "directory", mixinStandardHelpOptions = true,
    description = "Runs the directory: route registry, redirects and the route stream.")
public final class DirectoryCommand extends ServiceCommand {

  @Mixin
  private DirectoryOptions options = new DirectoryOptions();

  /** Runs the directory until the process is stopped. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DirectoryCommand()).execute(args));
  }

  @Override
  protected Future<? extends Service> start(Vertx vertx) {
    return Directory.start(vertx, options);
  }
}
