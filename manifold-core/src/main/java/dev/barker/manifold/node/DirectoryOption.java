package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import picocli.CommandLine.Option;

/** {@code -d/--directory}: the directory a service registers with, or a tool resolves addresses through. */
public final class DirectoryOption {

  /** The directory on this host's standard port. */
  public static final String DEFAULT_DIRECTORY = "//" + ServiceOptions.DEFAULT_HOST + Address.DIRECTORY_PATH;

  @Option(names = {"-d", "--directory"}, paramLabel = "//HOST[:PORT]/directory",
      description = "The directory to register with and resolve addresses through (default: ${DEFAULT-VALUE}).")
  private String directory = DEFAULT_DIRECTORY;

  /** The directory's own address. */
  public Address directory() {
    return Address.parse(directory).directory();
  }

  /** Uses the directory at {@code address} (any address of it). */
  public DirectoryOption directory(Address address) {
    this.directory = address.directory().toString();
    return this;
  }
}
