package dev.barker.model;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}: where Barker keeps users.json (and, for {@code barker launch}, stores and secrets). */
public final class DataOption {

  /** {@code data} in the working directory. */
  public static final String DEFAULT_DATA = "data";

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory: users.json, and what barker launch "
      + "keeps (stores with --store, credentials with --secure) (default: ${DEFAULT-VALUE}).")
  private Path data = Path.of(DEFAULT_DATA);

  /** The data directory. */
  public Path data() {
    return data;
  }

  /** Uses {@code dir} for data. */
  public DataOption data(Path dir) {
    this.data = dir;
    return this;
  }
}
