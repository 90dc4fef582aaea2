package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestLoop;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.DirectoryOptions;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.manifold.security.CredentialsFile;
import dev.barker.testkit.JavaProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The mistakes a newcomer makes with the barker command, each answered at once with what went
 * wrong and a non-zero exit code (2 for a bad value, 1 for a failure), never silence.
 */
@Timeout(60)
class CommandMistakesTest {

  @TempDir
  Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final TestLoop loop = new TestLoop();

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOption() {
    assertUsageError("--bizlogic", "Invalid value for option '--bizlogic': 0 is less than 1", "launch", "--bizlogic", "0");
    assertUsageError("--outboxes", "Invalid value for option '--outboxes': 0 is less than 1", "launch", "--outboxes", "0");
    assertUsageError("--rate", "Invalid value for option '--rate': -1 is not above zero", "launch", "--rate", "-1");
    assertUsageError("--port", "Invalid value for option '--port': -5 is not a port (0 to 65535; 0 picks a free one)",
        "directory", "--port", "-5");
    assertUsageError("--max-connections", "Invalid value for option '--max-connections': 'many' is not a whole number",
        "manifold", "//127.0.0.1/inbox", "--max-connections", "many");
  }

  @Test
  void aBlankBarkIsRefusedAsThePageRefusesIt() {
    assertEquals(2, run("bark", "ark3", "   ", "--data", data.toString()));
    assertTrue(err.toString().startsWith("barker: bark ark3-") && err.toString().endsWith(" from ark3 has no text\n"),
        err.toString());
  }

  @Test
  void credentialsRefuseAnUnknownRoleAndAMissingDirectory() {
    assertEquals(2, run("credentials", data.resolve("c.json").toString(), "ark3", "--role", "nosuchrole"));
    assertTrue(err.toString().startsWith("barker: unknown role 'nosuchrole': the roles are admin, "), err.toString());
    assertTrue(err.toString().contains(", user, viewer\n"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("credentials", "/nonexistent/dir/creds.json", "ark3", "--role", "user"));
    assertTrue(err.toString().startsWith("barker: cannot make /nonexistent/dir/creds.json: there is no directory /nonexistent/dir\n"),
        err.toString());
  }

  @Test
  void barkWithNoDirectorySaysTheConnectionIsRefused() throws IOException {
    int port = freePort();
    long started = System.nanoTime();
    assertEquals(1, run("bark", "ark3", "woof", "-d", "//127.0.0.1:" + port + "/directory", "--data", data.toString(),
        "--timeout", "2"));
    assertTrue((System.nanoTime() - started) / 1_000_000 < 4_000, "gave up after its timeout");
    String said = err.toString();
    String refused = "cannot connect to 127.0.0.1:" + port + ": Connection refused";
    assertTrue(said.startsWith("barker: waiting for the outbox of ark3 (//127.0.0.1:" + port + "/outbox/ark3): "
        + refused + "; retrying\n"), said);
    assertTrue(said.endsWith("barker: the outbox of ark3 did not accept the bark within 2 s: " + refused + "\n"), said);
  }

  @Test
  void listenWithNoDirectorySaysSoAndKeepsTrying() throws Exception {
    int port = freePort();
    try (JavaProcess listen = JavaProcess.start("listen", Barker.class.getName(), "listen", "ark3",
        "-d", "//127.0.0.1:" + port + "/directory", "--data", data.toString())) {
      listen.awaitLine(line -> line.startsWith("barker: waiting for the inbox of ark3 (//127.0.0.1:" + port
          + "/inbox/ark3): cannot connect to 127.0.0.1:" + port + ": Connection refused; retrying"), 10);
    }
  }

  @Test
  void listenGivesUpOnAWrongPasswordOrNoLogin() throws IOException {
    Path credentials = data.resolve("credentials.json");
    CredentialsFile.putSecret(credentials, "ark3", "right", Set.of("user"));
    Directory directory = loop.await(() -> Directory.start(loop.vertx(), new DirectoryOptions(new ServiceOptions(0)
        .engine(new EngineOptions().authenticator(CredentialsFile.load(credentials))))));
    Path wrong = Files.writeString(data.resolve("wrong.password"), "wrong\n");
    String at = "tcp 127.0.0.1:" + directory.port();

    assertEquals(1, run("listen", "ark3", "-d", directory.address().toString(), "--data", data.toString(),
        "--user", "ark3", "--password-file", wrong.toString()));
    assertEquals("barker: cannot listen to " + directory.address().withPath("/inbox/ark3") + ": " + at
        + " refused the login of 'ark3' (wrong user or password)\n", err.toString());
    err.getBuffer().setLength(0);

    assertEquals(1, run("listen", "ark3", "-d", directory.address().toString(), "--data", data.toString()));
    assertEquals("barker: cannot listen to " + directory.address().withPath("/inbox/ark3") + ": " + at
        + " requires a login (SASL PLAIN) and none was given\n", err.toString());
  }

  @Test
  void optionsComeFromTheEnvironmentThenTheConfigurationFile() throws IOException {
    int port = freePort();
    String directory = "//127.0.0.1:" + port + "/directory";
    Path file = Files.writeString(data.resolve("barker.properties"), "routes.timeout = 1\ndirectory = " + directory + "\n");

    assertEquals(1, run(new BarkerDefaults(Map.of(), file), "routes"));
    assertTrue(err.toString().contains("no answer from the directory at " + directory + " within 1 s"), err.toString());
    err.getBuffer().setLength(0);

    assertEquals(1, run(new BarkerDefaults(Map.of("BARKER_TIMEOUT", "2"), file), "routes"));
    assertTrue(err.toString().contains(" within 2 s"), "the environment wins over the file: " + err);
    err.getBuffer().setLength(0);

    assertEquals(1, run(new BarkerDefaults(Map.of("BARKER_TIMEOUT", "2"), file), "routes", "--timeout", "1"));
    assertTrue(err.toString().contains(" within 1 s"), "the command line wins over both: " + err);
  }

  private void assertUsageError(String option, String message, String... args) {
    err.getBuffer().setLength(0);
    assertEquals(2, run(args), option);
    assertTrue(err.toString().startsWith("barker: " + message + "\nTry 'barker " + args[0] + " --help' for more."),
        err.toString());
  }

  private int run(String... args) {
    return run(new BarkerDefaults(Map.of(), null), args);
  }

  private int run(BarkerDefaults defaults, String... args) {
    CommandLine commandLine = Barker.commandLine(defaults);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }
}
