package dev.barker.manifold.engine;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The rule for every listener: beyond loopback only with authentication and TLS. */
public final class Exposure {

  private Exposure() {
  }

  /** Fails, saying how to secure it, when {@code host} is not a loopback address and {@code secured} is false. */
  public static Future<Void> check(String host, boolean secured) {
    if (secured || isLoopback(host)) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new IllegalStateException("refusing to listen on " + host + " without security: "
        + "anyone who can reach it could send and read anything. Pass --credentials FILE and --tls-keystore FILE "
        + "(see README, Security; barker launch --secure makes both), or listen on 127.0.0.1"));
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException unknown) {
      return false; // listening fails on it anyway, saying so
    }
  }
}
