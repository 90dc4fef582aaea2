package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.engine.EngineOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The directory's settings; the defaults are the ones {@code barker directory --help} shows. */
public final class DirectoryOptions {

  /** Routes one connection may register, unless told otherwise. */
  public static final int DEFAULT_MAX_ROUTES = 1_000;

  @Mixin
  private ServiceOptions service;

  @Option(names = "--max-routes", paramLabel = "N", description = "Routes one connection may register; more are rejected with amqp:resource-limit-exceeded (default: ${DEFAULT-VALUE}).")
  private int maxRoutes = DEFAULT_MAX_ROUTES;

  /** Settings for a directory on {@code service}'s host and port. */
  public DirectoryOptions(ServiceOptions service) {
    this.service = service;
  }

  /** For the command line: the standard port. */
  public DirectoryOptions() {
    this(new ServiceOptions(Address.DEFAULT_PORT));
  }

  /** Where it listens. */
  public ServiceOptions service() {
    return service;
  }

  /** Routes one connection may register. */
  public int maxRoutes() {
    return maxRoutes;
  }

  /** Sets how many routes one connection may register. */
  public DirectoryOptions maxRoutes(int routes) {
    this.maxRoutes = EngineOptions.atLeastOne(routes, "max routes");
    return this;
  }
}
