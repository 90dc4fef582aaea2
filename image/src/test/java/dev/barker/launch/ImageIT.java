package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.barker.manifold.node.ServiceCommand;
import dev.barker.testkit.JavaProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The OCI image tarball Jib wrote, read as a container runtime reads it: its configuration names
 * the barker command as the entry point, exposes every port {@code barker launch} takes by
 * default and runs as {@code barker} in {@code /data}; its layers, unpacked and entered as a
 * container runtime enters them ({@code unshare}, as root, as CI runs), run every barker command
 * on the image's own Java and C libraries, and a directory started there answers the image's own
 * {@code routes}. (In package {@code launch} to read the launch's default ports.)
 */
@Timeout(300)
class ImageIT {

  private static final long SECONDS = 60;

  @TempDir
  static Path work;

  private static JsonObject config;
  private static Path root;

  @BeforeAll
  static void unpack() throws Exception {
    Path layout = Files.createDirectories(work.resolve("layout"));
    run(List.of("tar", "-xf", System.getProperty("image.tarball"), "-C", layout.toString()));
    JsonObject index = json(layout.resolve("index.json"));
    JsonObject manifest = json(blob(layout, index.getJsonArray("manifests").getJsonObject(0)));
    assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.getString("mediaType"));
    config = json(blob(layout, manifest.getJsonObject("config")));
    root = Files.createDirectories(work.resolve("root"));
    for (Object layer : manifest.getJsonArray("layers")) {
      run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", blob(layout, (JsonObject) layer).toString(), "-C", root.toString()));
    }
  }

  @Test
  void itsEntryPointIsTheBarkerCommand() {
    JsonObject container = config.getJsonObject("config");
    List<String> entrypoint = strings(container.getJsonArray("Entrypoint"));
    assertEquals("/opt/java/bin/java", entrypoint.get(0));
    assertEquals(Barker.class.getName(), entrypoint.get(entrypoint.size() - 1));
    assertEquals(List.of("--help"), strings(container.getJsonArray("Cmd")));
    assertEquals("/data", container.getString("WorkingDir"));
    assertEquals("barker", container.getString("User"));
    assertEquals("amd64", config.getString("architecture"));
    assertTrue(Files.isRegularFile(root.resolve("opt/java/bin/java")), "the image holds its own Java");
  }

  @Test
  void itExposesEveryPortBarkerLaunchTakesByDefault() {
    LaunchCommand launch = new LaunchCommand();
    new CommandLine(launch).parseArgs();
    Set<String> expected = launch.fixedPorts().stream().map(port -> port + "/tcp")
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, new TreeSet<>(config.getJsonObject("config").getJsonObject("ExposedPorts").fieldNames()));
  }

  @Test
  void everyCommandRunsInTheImage() throws Exception {
    assumeRoot();
    List<String> commands = new CommandLine(new Barker()).getSubcommands().entrySet().stream()
        .filter(command -> !command.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList();
    for (String command : commands) {
      try (JavaProcess help = inImage(command, List.of(command, "--help"))) {
        help.awaitPrinted(line -> line.startsWith("Usage: barker " + command), SECONDS);
        assertEquals(0, help.exitCode(SECONDS), command + " --help: " + help.printed());
      }
    }
  }

  @Test
  void aDirectoryStartedInTheImageAnswersTheImagesOwnRoutesCommand() throws Exception {
    assumeRoot();
    try (JavaProcess directory = inImage("directory", List.of("directory", "--host", "127.0.0.1", "--port", "0"))) {
      String ready = directory.awaitLine(line -> line.endsWith(ServiceCommand.READY), SECONDS);
      String address = ReadyLine.of(ready).orElseThrow().address();
      try (JavaProcess routes = inImage("routes", List.of("routes", "-d", address))) {
        routes.awaitPrinted(line -> line.contains("/agents/"), SECONDS);
        assertEquals(0, routes.exitCode(SECONDS), "routes: " + routes.printed());
      }
    }
  }

  /**
   * The image's entry point with {@code args}, run as a container runtime runs it: in namespaces
   * of its own (mounts, processes, with its own /proc), the unpacked image as its root, in its
   * working directory, as its user (looked up in the image's /etc/passwd), with the usual devices.
   */
  private static JavaProcess inImage(String name, List<String> args) throws Exception {
    JsonObject container = config.getJsonObject("config");
    String[] user = Files.readAllLines(root.resolve("etc/passwd")).stream()
        .map(line -> line.split(":")).filter(fields -> fields[0].equals(container.getString("User")))
        .findFirst().orElseThrow();
    Files.createDirectories(root.resolve("proc"));
    makeDevices();
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork",
        "--mount-proc", "--root=" + root, "--wd=" + container.getString("WorkingDir"), "--setuid", user[2],
        "--setgid", user[3]));
    command.addAll(strings(container.getJsonArray("Entrypoint")));
    command.addAll(args);
    return JavaProcess.startCommand(name, command);
  }

  /** The devices a container runtime gives every container (Java reads its seed from /dev/urandom). */
  private static void makeDevices() throws Exception {
    Path dev = Files.createDirectories(root.resolve("dev"));
    for (String[] device : List.of(new String[] {"null", "3"}, new String[] {"zero", "5"},
        new String[] {"random", "8"}, new String[] {"urandom", "9"})) {
      if (!Files.exists(dev.resolve(device[0]))) {
        run(List.of("mknod", "-m", "666", dev.resolve(device[0]).toString(), "c", "1", device[1]));
      }
    }
  }

  private static void assumeRoot() {
    assumeTrue("root".equals(System.getProperty("user.name")), "entering the image's namespaces needs root");
  }

  private static Path blob(Path layout, JsonObject descriptor) {
    return layout.resolve("blobs").resolve(descriptor.getString("digest").replace(':', '/'));
  }

  private static JsonObject json(Path file) throws IOException {
    return new JsonObject(Files.readString(file));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, process.waitFor(), String.join(" ", command));
  }
}
