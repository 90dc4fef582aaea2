package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The systemd units in packaging/systemd are valid units, and each starts a barker command that exists. */
class SystemdUnitsTest {

  private static final Path UNITS = Path.of("..", "packaging", "systemd");
  private static final Pattern COMMAND = Pattern.compile("barker\\.jar (\\S+)");
  /** The instances the packaging README enables from the templates. */
  private static final List<String> UNIT_INSTANCES = List.of("barker-directory.service",
      "barker-manifold@inbox.service", "barker-manifold@outbox-5800.service",
      "barker@bizlogic.service", "barker@monitor.service", "barker@webui.service");

  @Test
  void everyUnitStartsABarkerCommand() throws Exception {
    CommandLine barker = Barker.commandLine(new BarkerDefaults(Map.of(), null));
    List<String> commands = new ArrayList<>();
    for (String unit : UNIT_INSTANCES) {
      String template = unit.replaceFirst("@[^.]+", "@");
      String instance = unit.contains("@") ? unit.substring(unit.indexOf('@') + 1, unit.indexOf('.')) : "";
      Matcher command = COMMAND.matcher(Files.readString(UNITS.resolve(template)).replace("%i", instance));
      assertTrue(command.find(), unit + " runs barker.jar");
      commands.add(command.group(1));
    }
    assertEquals(List.of("directory", "manifold", "manifold", "bizlogic", "monitor", "webui"), commands);
    assertTrue(barker.getSubcommands().keySet().containsAll(commands), barker.getSubcommands().keySet().toString());
  }

  @Test
  void systemdFindsNothingWrongWithThem() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed: not checked");
    List<String> verify = new ArrayList<>(List.of("systemd-analyze", "verify"));
    UNIT_INSTANCES.forEach(unit -> verify.add(UNITS.resolve(unit).toString()));
    Process analyze = new ProcessBuilder(verify).redirectErrorStream(true).start();
    String said = new String(analyze.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(analyze.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify finished");
    assertEquals(0, analyze.exitValue(), said);
    assertEquals("", said);
  }
}
