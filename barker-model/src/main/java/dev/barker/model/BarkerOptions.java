package dev.barker.model;

import dev.barker.manifold.Address;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every Barker service and tool needs to know: its directory and its data directory. */
public final class BarkerOptions {

  @Option(names = {"-d", "--directory"}, paramLabel = "//HOST[:PORT]/directory",
      description = "The directory to register with and resolve addresses through (default: ${DEFAULT-VALUE}).")
  private String directory = "//127.0.0.1/directory";

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory holding users.json (default: ${DEFAULT-VALUE}).")
  private Path data = Path.of("data");

  /** The directory. */
  public Address directory() {
    return Address.parse(directory).directory();
  }

  /** Uses the directory at {@code address} (any address of it). */
  public BarkerOptions directory(Address address) {
    this.directory = address.directory().toString();
    return this;
  }

  /** The data directory. */
  public Path data() {
    return data;
  }

  /** Uses {@code directory} for data. */
  public BarkerOptions data(Path directory) {
    this.data = directory;
    return this;
  }
}
