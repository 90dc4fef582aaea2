package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.bizlogic.BizlogicOptions;
import dev.barker.manifold.Address;
import dev.barker.monitoring.MonitorOptions;
import dev.barker.webui.WebUiOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * No default port is one a browser refuses to open: the Fetch standard's "bad ports"
 * (https://fetch.spec.whatwg.org/#port-blocking), which Chromium and Firefox block with
 * net::ERR_UNSAFE_PORT before any request. Pages open WebSockets to every service they resolve.
 */
class DefaultPortsTest {

  /** The Fetch standard's bad ports, as of its 2024 revision (4190 and 6679 the newest). */
  private static final Set<Integer> BAD_PORTS = Set.of(1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43,
      53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161,
      179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
      993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669,
      6679, 6697, 10080);

  @Test
  void noServicesDefaultPortIsABadPort() {
    for (int port : List.of(Address.DEFAULT_PORT, BizlogicOptions.DEFAULT_PORT, MonitorOptions.DEFAULT_PORT,
        MonitorOptions.DEFAULT_HTTP_PORT, WebUiOptions.DEFAULT_HTTP_PORT, LaunchCommand.INBOX_PORT,
        LaunchCommand.OUTBOX_PORT)) {
      assertTrue(!BAD_PORTS.contains(port), port + " is a port browsers refuse");
    }
  }

  @Test
  void noPortBarkerLaunchAssignsIsABadPortAndNoneIsTakenTwice() {
    LaunchCommand launch = new LaunchCommand();
    new CommandLine(launch).parseArgs("--bizlogic", "9", "--outboxes", "9", "--autobarks", "9");
    List<Integer> ports = launch.fixedPorts();
    assertTrue(ports.size() >= 1 + 9 + 9 + 1 + 3, "every service has its port: " + ports);
    List<Integer> bad = new ArrayList<>(ports);
    bad.retainAll(BAD_PORTS);
    assertEquals(List.of(), bad, "ports browsers refuse, of " + ports);
    assertEquals(ports.size(), new HashSet<>(ports).size(), "a port taken twice: " + ports);
  }
}
