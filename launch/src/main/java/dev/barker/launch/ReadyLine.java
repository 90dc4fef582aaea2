package dev.barker.launch;

import dev.barker.manifold.node.ServiceCommand;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line a service prints once it is registered, e.g.
 * {@code manifold //127.0.0.1/inbox on 127.0.0.1:5820 ready}: its kind, its address and where it
 * listens.
 */
public record ReadyLine(String kind, String address, String hostPort) {

  private static final Pattern FORMAT = Pattern.compile("^(\\S+) (\\S+) on (\\S+)" + ServiceCommand.READY + "$");

  /** The parts of {@code line}, or empty if it is not a ready line. */
  public static Optional<ReadyLine> of(String line) {
    Matcher matcher = FORMAT.matcher(line);
    return matcher.matches() ? Optional.of(new ReadyLine(matcher.group(1), matcher.group(2), matcher.group(3)))
        : Optional.empty();
  }

  /** The port it listens on. */
  public int port() {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
