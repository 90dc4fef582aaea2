package dev.barker.manifold;

import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;

/**
 * Where an {@code amqp:link:redirect} detach sends a link: its {@code network-host}, {@code port}
 * and {@code address} info fields.
 */
public record Redirect(String host, int port, String address) {

  static final Symbol NETWORK_HOST = Symbol.valueOf("network-host");
  static final Symbol PORT = Symbol.valueOf("port");
  static final Symbol ADDRESS = Symbol.valueOf("address");

  /** The error condition a directory detaches with to send a link here. */
  public ErrorCondition toCondition(String description) {
    ErrorCondition condition = new ErrorCondition(LinkError.REDIRECT, description);
    condition.setInfo(Map.of(NETWORK_HOST, host, PORT, port, ADDRESS, address));
    return condition;
  }

  /** The redirect a condition carries, or null when it is not a well-formed redirect. */
  public static Redirect from(ErrorCondition condition) {
    if (condition == null || !LinkError.REDIRECT.equals(condition.getCondition())
        || condition.getInfo() == null) {
      return null;
    }
    Map<?, ?> info = condition.getInfo();
    Object host = info.get(NETWORK_HOST);
    Object port = info.get(PORT);
    Object address = info.get(ADDRESS);
    if (!(host instanceof String h) || !(address instanceof String a)) {
      return null;
    }
    if (port instanceof Number p) {
      return new Redirect(h, p.intValue(), a);
    }
    if (port instanceof String p && p.matches("\\d{1,5}")) {
      return new Redirect(h, Integer.parseInt(p), a);
    }
    return null;
  }

  /** {@code host:port}. */
  public String authority() {
    return host + ":" + port;
  }
}
