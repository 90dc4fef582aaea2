package dev.barker.launch;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from outside the command line, for every command. An option given on the
 * command line wins; otherwise an environment variable {@code BARKER_<OPTION>} ({@code --max-connections}
 * is {@code BARKER_MAX_CONNECTIONS}); otherwise the configuration file, key {@code COMMAND.OPTION}
 * ({@code manifold.max-connections}) before {@code OPTION} ({@code max-connections}); otherwise
 * the built-in default. The file is {@value #FILE_VARIABLE} if set, else {@value #DEFAULT_FILE}
 * in the working directory if there is one (Java properties: {@code key = value} lines).
 */
final class BarkerDefaults implements IDefaultValueProvider {

  /** Environment variable naming the configuration file. */
  static final String FILE_VARIABLE = "BARKER_CONFIG";
  /** The configuration file read when {@value #FILE_VARIABLE} is not set, if it exists. */
  static final String DEFAULT_FILE = "barker.properties";

  private final Map<String, String> environment;
  private final Properties file;

  /** Defaults from {@code environment} and the properties in {@code file} (null: none). */
  BarkerDefaults(Map<String, String> environment, Path file) {
    this.environment = environment;
    this.file = load(file);
  }

  /** Defaults from this process's environment and the configuration file it names (or the default one). */
  static BarkerDefaults fromEnvironment() {
    String named = System.getenv(FILE_VARIABLE);
    Path file = named != null ? Path.of(named) : Files.exists(Path.of(DEFAULT_FILE)) ? Path.of(DEFAULT_FILE) : null;
    return new BarkerDefaults(System.getenv(), file);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String name = option.longestName().replaceFirst("^-+", "");
    String fromEnvironment = environment.get("BARKER_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    String[] command = option.command().name().split(" ");
    return file.getProperty(command[command.length - 1] + "." + name, file.getProperty(name));
  }

  private static Properties load(Path file) {
    Properties properties = new Properties();
    if (file != null) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
      }
    }
    return properties;
  }
}
