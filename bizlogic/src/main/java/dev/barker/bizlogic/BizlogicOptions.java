package dev.barker.bizlogic;

import dev.barker.manifold.node.ServiceOptions;
import dev.barker.model.BarkerOptions;
import picocli.CommandLine.Mixin;

/** Where bizlogic listens, which directory it registers with, where its users are. */
public final class BizlogicOptions {

  /** The port of the first bizlogic; standbys take the next ones. */
  public static final int DEFAULT_PORT = 5680;

  @Mixin
  private ServiceOptions service = new ServiceOptions(DEFAULT_PORT);

  @Mixin
  private BarkerOptions barker = new BarkerOptions();

  /** Where it listens. */
  public ServiceOptions service() {
    return service;
  }

  /** Its directory and data. */
  public BarkerOptions barker() {
    return barker;
  }
}
