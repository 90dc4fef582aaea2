package dev.barker.model;

import dev.barker.manifold.Address;
import dev.barker.manifold.node.DirectoryOption;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** What every Barker service and tool needs to know: its directory and its data directory. */
public final class BarkerOptions {

  @Mixin
  private DirectoryOption directory = new DirectoryOption();

  @Mixin
  private DataOption data = new DataOption();

  /** The directory. */
  public Address directory() {
    return directory.directory();
  }

  /** Uses the directory at {@code address} (any address of it). */
  public BarkerOptions directory(Address address) {
    directory.directory(address);
    return this;
  }

  /** The data directory. */
  public Path data() {
    return data.data();
  }

  /** Uses {@code dir} for data. */
  public BarkerOptions data(Path dir) {
    data.data(dir);
    return this;
  }
}
