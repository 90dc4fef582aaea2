package dev.barker.autobark;

import dev.barker.manifold.node.OptionValues;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.model.BarkerOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** How fast and as whom the simulated users bark. */
public final class AutobarkOptions {

  @Parameters(index = "0", paramLabel = "RATE", converter = OptionValues.Positive.class, description = "Barks per second, over all its users.")
  private double rate = 5;

  @Option(names = "--users", split = ",", paramLabel = "USER", description = "Who barks (default: every autobarking user in users.json).")
  private List<String> users = new ArrayList<>();

  @Mixin
  private ServiceOptions service = new ServiceOptions(0);

  @Mixin
  private BarkerOptions barker = new BarkerOptions();

  /** Barks per second. */
  public double rate() {
    return rate;
  }

  /** Sets the barks per second. */
  public AutobarkOptions rate(double barksPerSecond) {
    this.rate = barksPerSecond;
    return this;
  }

  /** Who barks; empty means every autobarking user. */
  public List<String> users() {
    return users;
  }

  /** Where it listens (for its agent). */
  public ServiceOptions service() {
    return service;
  }

  /** Its directory and data. */
  public BarkerOptions barker() {
    return barker;
  }
}
